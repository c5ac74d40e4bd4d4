import { z } from 'zod';
import { ownerOf } from '../batch/service.js';
import { defineTool } from './define.js';
import { BatchIdField, BatchSessionField, BatchStatusDataSchema } from './shared/batch-schemas.js';
import { batchesOf, statusHead } from './shared/batch-page.js';

export const batchCancel = defineTool({
  name: 'batch_cancel',
  title: 'Cancel a batch',
  description:
    'Cancel a batch: no job of it starts afterwards, running jobs are stopped and end cancelled, finished results stay readable with batch_status until the batch expires. Cancelling twice is harmless.',
  category: 'batch',
  tags: ['batch', 'cancel'],
  version: '1.0.0',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['batch_submit', 'batch_status'],
  examples: [{ description: 'Stop a batch', arguments: { batchId: 'q7Zt0vK3a1bXc9dE2fGh4w' } }],
  inputSchema: z.strictObject({ batchId: BatchIdField, sessionId: BatchSessionField }),
  dataSchema: BatchStatusDataSchema,
  async handler(args, ctx) {
    const status = await batchesOf(ctx).cancel(args.batchId, ownerOf(args.sessionId));
    return { data: { ...statusHead(status), results: [] } };
  },
});
