import { z } from 'zod';
import { LANGUAGES } from '../../engine/types.js';

// Fields shared by several tool inputs, described once.

export const SessionIdField = z
  .string()
  .uuid()
  .optional()
  .describe(
    'Optional session (from session_create) to record this call in; an unknown or expired id is SESSION_NOT_FOUND.',
  );

export const PathField = z
  .string()
  .min(1)
  .max(4096)
  .describe('File or directory to analyse: relative to the first root, or absolute under a root. Example: "src".');

const Glob = z.string().min(1).max(512);

export const FilterFields = {
  include: z
    .array(Glob)
    .max(100)
    .optional()
    .describe('Only files matching one of these globs (relative to path), e.g. ["src/**/*.ts"].'),
  exclude: z.array(Glob).max(100).optional().describe('Skip files matching these globs, e.g. ["**/*.test.ts"].'),
  languages: z
    .array(z.enum(LANGUAGES as [string, ...string[]]))
    .max(7)
    .optional()
    .describe('Only these languages.'),
};

export const LimitField = z.number().int().min(1).max(1000).optional();

export const CursorField = z
  .string()
  .max(64)
  .optional()
  .describe('Opaque cursor from a previous page (data.nextCursor).');

export const SkippedSchema = z
  .array(
    z.object({
      path: z.string().describe('File relative to the root.'),
      reason: z.string().describe('binary | too-large | invalid-utf8 | unreadable | unsupported-language | vanished'),
      detail: z.string().optional(),
    }),
  )
  .describe('Files that were not analysed, with the reason.');

export const SkippedTotalField = z
  .number()
  .describe('Files not analysed in all; skipped lists the first 20 of them, on the first page.');

export const TruncatedField = z
  .string()
  .optional()
  .describe(
    'Present when this answer does not hold everything: what it shows, what was left out, and how to get it (next cursor, narrower arguments).',
  );
