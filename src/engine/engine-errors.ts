import { ToolError } from '../envelope/errors.js';

// How every engine turns its failures into catalog errors, so both answer alike.

/** A missing analysis path is PATH_NOT_FOUND; anything else passes through. */
export function notFound(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new ToolError('PATH_NOT_FOUND', `No such file or directory: ${path}`, { path }, { cause: error });
  return error;
}

/** An aborted analysis: the abort reason when it is already a ToolError (TIMEOUT, CANCELLED), else CANCELLED. */
export function cancelled(signal: AbortSignal): ToolError {
  if (signal.reason instanceof ToolError) return signal.reason;
  return new ToolError('CANCELLED', 'The analysis was cancelled.', undefined, { cause: signal.reason });
}
