import { z } from 'zod';
import { StatusSchema } from '../../envelope/envelope.js';

// The shapes batch_submit, batch_status and batch_cancel share.

export const BatchIdField = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
  .describe('The id batch_submit returned.');

export const BatchSessionField = z
  .string()
  .uuid()
  .optional()
  .describe(
    'The session (session_create) the batch belongs to: given at submit, the batch is found only with the same sessionId.',
  );

export const BatchStateEnum = z
  .enum(['working', 'completed', 'cancelled', 'failed'])
  .describe(
    'working: jobs are queued or running (or a split batch is merging); completed: every job has its result (some may have failed: see counts.failed); cancelled: batch_cancel stopped it; failed: the merged analysis of a split batch failed. The states of the MCP tasks extension.',
  );

export const BatchCountsSchema = z
  .object({
    queued: z.number(),
    running: z.number(),
    completed: z.number().describe('Jobs that succeeded.'),
    failed: z.number().describe('Jobs that ended with an error code (their results say which).'),
    cancelled: z.number(),
  })
  .describe('Jobs by state; they add up to total.');

export const JobResultSchema = z.object({
  index: z.number().describe('Position of the job in the submitted list, from 0.'),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  status: StatusSchema,
  data: z.unknown().describe("The tool's data, as a direct call answers it; null on error."),
  dataOmitted: z
    .boolean()
    .optional()
    .describe('The data is larger than this answer may hold: ask with a larger maxTokens.'),
  instanceId: z.string().optional().describe('The instance that ran it (absent when cancelled before it started).'),
  durationMs: z.number(),
  attempts: z.number().describe('Runs of the job by the execution machine (retries of retryable errors included).'),
  startedAt: z.string().optional(),
});

export const MergedSchema = z
  .object({
    status: StatusSchema,
    data: z.unknown().describe('The first page of the whole analysis, as one call of the tool on the path answers it.'),
    instanceId: z.string().optional(),
    durationMs: z.number(),
  })
  .describe('A split batch: the whole analysis, made once every chunk is done (its files come from the chunks).');

export const BatchStatusDataSchema = z.object({
  batchId: z.string(),
  state: BatchStateEnum,
  total: z.number().describe('Jobs in the batch.'),
  counts: BatchCountsSchema,
  createdAt: z.string(),
  expiresAt: z.string().describe('When the batch and its results are deleted.'),
  cancelledAt: z.string().optional(),
  split: z
    .object({ tool: z.string(), path: z.string(), files: z.number() })
    .optional()
    .describe('The directory analysis this batch was cut from.'),
  merged: MergedSchema.optional(),
  results: z
    .array(JobResultSchema)
    .describe(
      'Finished jobs in index order from the cursor; a page stops at the first job without a result, so polling with nextCursor misses none.',
    ),
  nextCursor: z.string().optional().describe('Pass as cursor for the next results.'),
  truncated: z.string().optional().describe('What this page left out and how to get it.'),
});
