import { ERROR_CATALOG, type ErrorCode } from './catalog.js';

/** The error every layer throws; the execution service turns it into an isError envelope. */
export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolError';
    this.code = code;
    this.retryable = ERROR_CATALOG[code].retryable;
    this.details = details;
  }
}

export function isToolError(error: unknown): error is ToolError {
  return error instanceof ToolError;
}

/** Any thrown value as a ToolError; unknown errors become INTERNAL. */
export function toToolError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ToolError('INTERNAL', message, undefined, { cause: error });
}
