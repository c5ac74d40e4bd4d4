import type { z } from 'zod';
import { ToolError } from '../envelope/errors.js';

/** Arguments larger than this are refused before parsing: no schema needs that much. */
export const MAX_ARGUMENT_BYTES = 256 * 1024;

/** Schema validation → parsed arguments, or INVALID_ARGUMENT naming every failing field. */
export function validateArguments(schema: z.ZodType, raw: unknown): unknown {
  const size = JSON.stringify(raw ?? {}).length;
  if (size > MAX_ARGUMENT_BYTES) {
    throw new ToolError('INVALID_ARGUMENT', `Arguments are ${size} bytes; at most ${MAX_ARGUMENT_BYTES} are accepted.`);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ToolError('INVALID_ARGUMENT', `Invalid arguments: ${summary}`, { issues });
}
