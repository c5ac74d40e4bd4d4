import { z } from 'zod';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import type { Session } from './types.js';

// The shape of a session at rest (snapshot files, JSON-lines exports): every record read
// back from disk is checked against it before it reaches a store.

const iso = z.iso.datetime({ offset: true });
const executionState = z.enum(['validating', 'running', 'succeeded', 'failed', 'timedOut', 'cancelled']);

export const executionRecordSchema = z.object({
  executionId: z.string().min(1),
  tool: z.string().min(1),
  argsHash: z.string(),
  sessionId: z.string().optional(),
  traceparent: z.string().optional(),
  state: executionState,
  transitions: z.array(z.object({ state: z.union([executionState, z.literal('retrying')]), at: iso })),
  attempts: z.number().int().nonnegative(),
  startedAt: iso,
  endedAt: iso.optional(),
  durationMs: z.number().nonnegative().optional(),
  outcome: z.object({ code: z.string(), message: z.string().optional() }).optional(),
}) satisfies z.ZodType<ExecutionRecord>;

export const sessionSchema = z.object({
  // Ids become Redis key names: the same character set the Redis store accepts.
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'id must be 1-128 of A-Z a-z 0-9 _ . : -'),
  label: z.string().optional(),
  createdAt: iso,
  updatedAt: iso,
  expiresAt: iso,
  ttlMs: z.number().int().positive(),
  version: z.number().int().nonnegative(),
  state: z.record(z.string(), z.unknown()),
  history: z.array(executionRecordSchema),
}) satisfies z.ZodType<Session>;

/** A readable reason from a zod error: the first few issues with their paths. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`)
    .join('; ');
}
