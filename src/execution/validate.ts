import { closestMatch } from 'leven';
import { z } from 'zod';
import { ToolError } from '../envelope/errors.js';
import { MAX_ARGUMENT_BYTES } from '../tools/shared/limits.js';

interface ArgumentIssue {
  path: string;
  message: string;
  unknownKey?: string;
  didYouMean?: string;
}

/** The properties of the object schema at a path of the arguments (through optionals and arrays). */
function shapeAt(schema: z.ZodType, path: readonly PropertyKey[]): Record<string, z.ZodType> | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s; i++) {
    while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
      s = s.unwrap() as z.ZodType;
    if (i === path.length) return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : undefined;
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(path[i])];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
  }
  return undefined;
}

/**
 * A misspelled argument is an error, never silently dropped (an agent would believe it limited
 * the answer): one issue per unknown key, naming the closest valid one.
 */
function unknownKeyIssues(schema: z.ZodType, issue: z.core.$ZodIssueUnrecognizedKeys): ArgumentIssue[] {
  const valid = Object.keys(shapeAt(schema, issue.path) ?? {});
  const where = issue.path.map(String).join('.');
  return issue.keys.map((key) => {
    const near = closestMatch(key, valid);
    const hint = near ? ` Did you mean "${near}"?` : '';
    const list = valid.length ? ` Valid: ${valid.join(', ')}.` : '';
    return {
      path: where ? `${where}.${key}` : key,
      message: `unknown argument "${key}".${hint}${list}`,
      unknownKey: key,
      ...(near ? { didYouMean: near } : {}),
    };
  });
}

/** Schema validation → parsed arguments, or INVALID_ARGUMENT naming every failing field. */
export function validateArguments(schema: z.ZodType, raw: unknown, maxBytes = MAX_ARGUMENT_BYTES): unknown {
  const size = JSON.stringify(raw ?? {}).length;
  if (size > maxBytes) {
    throw new ToolError('INVALID_ARGUMENT', `Arguments are ${size} bytes; at most ${maxBytes} are accepted.`);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues: ArgumentIssue[] = parsed.error.issues
    .flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? unknownKeyIssues(schema, i)
        : [{ path: i.path.map(String).join('.') || '(root)', message: i.message }],
    )
    .slice(0, 20);
  const summary = issues.map((i) => (i.unknownKey ? i.message : `${i.path}: ${i.message}`)).join('; ');
  throw new ToolError('INVALID_ARGUMENT', `Invalid arguments: ${summary}`, { issues });
}
