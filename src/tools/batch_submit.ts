import { z } from 'zod';
import { DEFAULT_PRIORITY, MAX_BATCH_JOBS, MAX_BATCH_TTL_MS, ownerOf } from '../batch/service.js';
import { ToolError } from '../envelope/errors.js';
import { defineTool } from './define.js';
import { BatchSessionField } from './shared/batch-schemas.js';
import { batchesOf } from './shared/batch-page.js';
import { SPLITTABLE_TOOLS, splitJobs } from './shared/batch-split.js';

/** 10,000 jobs of ~100 bytes each, with room: the HTTP body limit (--max-body-bytes) applies before this. */
const MAX_SUBMIT_BYTES = 4 * 1024 * 1024;

const Job = z.strictObject({
  tool: z
    .string()
    .min(1)
    .max(64)
    .describe(
      'An analysis tool: analyze_complexity, analyze_structure, analyze_dependencies, hotspots, symbol_at, quality_gate.',
    ),
  args: z.record(z.string(), z.unknown()).default({}).describe("The tool's arguments, as in a direct call."),
});

export const batchSubmit = defineTool({
  name: 'batch_submit',
  title: 'Submit a batch of analyses',
  description:
    'Run many analyses at once without a call and a wait for each: every package of a monorepo, every changed directory of a pull request. Give `jobs` (up to 10,000 calls of the analysis tools) or `split` (one directory analysis cut into chunks of files that the fleet runs in parallel; batch_status then also returns the merged whole analysis). Answers at once with a batchId once the batch is stored; poll batch_status (or pass it waitMs) for progress and results, batch_cancel to stop. Every job is checked before anything is queued: a bad one is refused with its index.',
  category: 'batch',
  tags: ['batch', 'jobs', 'queue', 'parallel', 'fleet', 'monorepo'],
  version: '1.0.0',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  stateful: false,
  related: ['batch_status', 'batch_cancel', 'analyze_complexity'],
  examples: [
    {
      description: 'Complexity of two packages and the dependency graph of a third',
      arguments: {
        jobs: [
          { tool: 'analyze_complexity', args: { path: 'packages/api' } },
          { tool: 'analyze_complexity', args: { path: 'packages/web' } },
          { tool: 'analyze_dependencies', args: { path: 'packages/core' } },
        ],
      },
    },
    {
      description: 'One big tree analysed by the whole fleet, 50 files per job',
      arguments: { split: { tool: 'analyze_complexity', path: '.', filesPerJob: 50 } },
    },
  ],
  maxArgumentBytes: MAX_SUBMIT_BYTES,
  inputSchema: z.strictObject({
    jobs: z.array(Job).min(1).max(MAX_BATCH_JOBS).optional().describe('The calls to run; results keep this order.'),
    split: z
      .strictObject({
        tool: z.enum(SPLITTABLE_TOOLS),
        path: z.string().min(1).max(4096).describe('The directory to analyse, as in a direct call.'),
        filesPerJob: z.number().int().min(1).max(100).optional().describe('Files per job (default 50).'),
        args: z
          .record(z.string(), z.unknown())
          .optional()
          .describe("The tool's other arguments (exclude, languages, detail…), as in a direct call."),
      })
      .optional()
      .describe('Cut one directory analysis into per-chunk jobs; give split or jobs, not both.'),
    sessionId: BatchSessionField,
    priority: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe(`Lower runs first among queued batches (default ${DEFAULT_PRIORITY}).`),
    ttlMs: z
      .number()
      .int()
      .min(1000)
      .max(MAX_BATCH_TTL_MS)
      .optional()
      .describe('How long the batch and its results are kept (default 1 hour, at most 7 days).'),
  }),
  dataSchema: z.object({
    batchId: z.string().describe('Unguessable; give it to batch_status and batch_cancel.'),
    total: z.number().describe('Jobs queued.'),
    expiresAt: z.string().optional(),
  }),
  async handler(args, ctx) {
    if (Boolean(args.jobs) === Boolean(args.split))
      throw new ToolError('INVALID_ARGUMENT', 'Give either jobs or split (exactly one of them).');
    const made = args.split ? await splitJobs(args.split, ctx) : undefined;
    const jobs = made?.jobs ?? args.jobs!;
    const submitted = await batchesOf(ctx).submit({
      jobs,
      ...(made ? { split: made.split } : {}),
      owner: ownerOf(args.sessionId),
      ...(args.priority !== undefined ? { priority: args.priority } : {}),
      ...(args.ttlMs !== undefined ? { ttlMs: args.ttlMs } : {}),
    });
    return { data: submitted };
  },
});
