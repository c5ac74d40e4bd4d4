import { z } from 'zod';

export const ExecutionRecordSchema = z.object({
  executionId: z.string(),
  tool: z.string(),
  argsHash: z.string().describe('sha256 prefix of the arguments.'),
  sessionId: z.string().optional(),
  traceparent: z.string().optional().describe("The caller's W3C traceparent, when the request carried one in _meta."),
  state: z.enum(['validating', 'running', 'succeeded', 'failed', 'timedOut', 'cancelled']),
  transitions: z
    .array(z.object({ state: z.string(), at: z.string() }))
    .describe('Every state the execution went through, with times.'),
  attempts: z.number(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  outcome: z.object({ code: z.string(), message: z.string().optional() }).optional(),
});

export const SessionSummarySchema = z.object({
  sessionId: z.string(),
  label: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  version: z.number().describe('Incremented on every state change.'),
  historyLength: z.number().describe('Execution records held (the latest ones).'),
});
