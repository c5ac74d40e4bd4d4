import { z } from 'zod';
import { ownerOf } from '../batch/service.js';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { BatchIdField, BatchSessionField, BatchStatusDataSchema } from './shared/batch-schemas.js';
import { batchesOf, statusPage } from './shared/batch-page.js';
import { CursorField } from './shared/schemas.js';

export const MAX_WAIT_MS = 120_000;

export const batchStatus = defineTool({
  name: 'batch_status',
  title: 'Batch status and results',
  description:
    "State, counts and the finished results of a batch made by batch_submit. Cheap to call: poll it, or pass waitMs to wait (up to 2 minutes) until the batch is done, with progress notifications meanwhile. Results come in job order from the cursor, each with the tool's data as a direct call would answer it; a split batch also has `merged`, the whole analysis. Another client's or session's batch is NOT_FOUND.",
  category: 'batch',
  tags: ['batch', 'jobs', 'queue', 'results', 'progress'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['batch_submit', 'batch_cancel'],
  examples: [
    {
      description: 'Wait up to 30 s for a batch, then read its first results',
      arguments: { batchId: 'q7Zt0vK3a1bXc9dE2fGh4w', waitMs: 30000 },
    },
    { description: 'The next page of results', arguments: { batchId: 'q7Zt0vK3a1bXc9dE2fGh4w', cursor: 'j50' } },
  ],
  inputSchema: z.strictObject({
    batchId: BatchIdField,
    sessionId: BatchSessionField,
    cursor: CursorField,
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Results per page (default 50; the budget may hold fewer).'),
    waitMs: z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_MS)
      .optional()
      .describe('Wait up to this long for the batch to finish before answering (default 0: answer at once).'),
    maxTokens: MaxTokensField,
  }),
  dataSchema: BatchStatusDataSchema,
  async handler(args, ctx) {
    const batches = batchesOf(ctx);
    const owner = ownerOf(args.sessionId);
    // A wait must end before the call's own deadline (--tool-timeout-ms), or the answer would be TIMEOUT.
    const waitMs = Math.min(args.waitMs ?? 0, ctx.deps.config.toolTimeoutMs / 2);
    const status = waitMs
      ? await batches.waitFor(args.batchId, owner, waitMs, {
          signal: ctx.signal,
          progress: (done, total) => ctx.progress(done, total, `${done} of ${total} jobs finished`),
        })
      : await batches.status(args.batchId, owner);
    return { data: await statusPage(ctx, status, args) };
  },
});
