import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode } from './catalog.js';
import type { ToolError } from './errors.js';

// The one response shape of every tool, successes and errors alike (ARCHITECTURE.md).

export const StatusSchema = z
  .object({
    success: z.boolean().describe('true when the tool did what was asked.'),
    code: z.string().describe('OK on success; otherwise an error code from the catalog (discover_tools lists them).'),
    message: z.string().optional().describe('Human-readable detail, for errors.'),
    retryable: z.boolean().optional().describe('Whether the same call can succeed if retried.'),
    action: z.string().optional().describe('What the caller should do about the error.'),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Structured error detail, e.g. the failing schema paths.'),
  })
  .describe('Outcome of the call.');

export const MetadataSchema = z
  .object({
    tool: z.string().describe('Tool name.'),
    toolVersion: z.string().describe('Version of the tool definition.'),
    durationMs: z.number().describe('Wall time of the call in milliseconds.'),
    timestamp: z.string().describe('ISO time when the call ended.'),
    engine: z.string().optional().describe('Analysis engine that produced the data (native or wasm).'),
    cache: z
      .object({
        hits: z.number().describe('Files whose result came from a cache tier (not parsed).'),
        misses: z.number().describe('Files the engine analysed.'),
        tiers: z
          .object({ memory: z.number(), disk: z.number(), content: z.number(), redis: z.number() })
          .optional()
          .describe(
            'Hits per tier, nearest first: memory and disk by stat, content (memory) and redis by content hash.',
          ),
      })
      .optional()
      .describe('Per-file result cache use during this call (zero for a page sliced from a snapshot).'),
    attempts: z.number().optional().describe('How many times the tool ran (retries included).'),
  })
  .describe('Facts about the call.');

export const ContextSchema = z
  .object({
    sessionId: z.string().optional().describe('Session the call ran in.'),
    executionId: z.string().optional().describe('Id of the execution record of this call.'),
  })
  .describe('Where the call ran.');

/** The envelope schema around a tool's data schema; becomes the tool's outputSchema. */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    status: StatusSchema,
    data: data.nullable().describe('The result; null when the call failed.'),
    metadata: MetadataSchema,
    context: ContextSchema.optional(),
  });
}

export interface Envelope<T = unknown> {
  status: {
    success: boolean;
    code: 'OK' | ErrorCode;
    message?: string;
    retryable?: boolean;
    action?: string;
    details?: Record<string, unknown>;
  };
  data: T | null;
  metadata: z.infer<typeof MetadataSchema>;
  context?: z.infer<typeof ContextSchema>;
}

export type EnvelopeMetadata = Envelope['metadata'];

export function successEnvelope<T>(data: T, metadata: EnvelopeMetadata, context?: Envelope['context']): Envelope<T> {
  return { status: { success: true, code: 'OK' }, data, metadata, ...(context ? { context } : {}) };
}

export function errorEnvelope(
  error: ToolError,
  metadata: EnvelopeMetadata,
  context?: Envelope['context'],
): Envelope<null> {
  const entry = ERROR_CATALOG[error.code];
  return {
    status: {
      success: false,
      code: error.code,
      message: error.message,
      retryable: entry.retryable,
      action: entry.action,
      ...(error.details ? { details: error.details } : {}),
    },
    data: null,
    metadata,
    ...(context ? { context } : {}),
  };
}

export const ErrorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);
