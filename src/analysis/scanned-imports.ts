import { statSync, type Stats } from 'node:fs';
import { readSourceSync } from '../engine/read-source.js';
import { SCANNED_LANGUAGES, scanTsImportHeader } from '../engine/scan/ts-import-header.js';
import { emptyTotals, type FileAnalysis } from '../engine/types.js';
import { sameStat, type Lookup } from './file-tiers.js';

// The dependency graph's files that need no parse: a TS/JS module whose imports are a header of
// `import`/`export … from` statements (src/engine/scan/ts-import-header.ts) gets its imports-only
// result here, above both engines, so the two agree by construction; every other file (and one
// the scan declines, or that cannot be read) still goes to the engine, which also reports why a
// file was skipped.

export interface ScannedImports {
  /** `keep`: the file's stat after the read is the one its lookup saw, so the result may be cached. */
  scanned: { look: Lookup; analysis: FileAnalysis; keep: boolean }[];
  /** The lookups the engine must still analyse, in their order. */
  rest: Lookup[];
}

/**
 * The imports-only results of the files in `missing` that a scan answers. What a scanned result
 * cannot know is what only a parse tells: its `parseErrors` is empty (the dependency graph does
 * not read it; AnalyzeOptions.importsOnly says so). Files are read on this thread: scanning one
 * takes longer than reading it, and an asynchronous read costs four trips through the thread
 * pool (with the stat after it, five), which made the reads most of a small tree's graph.
 */
export function scanImports(missing: readonly Lookup[], maxFileSize: number): ScannedImports {
  const scanned: ScannedImports['scanned'] = [];
  const rest: Lookup[] = [];
  for (const look of missing) {
    const done = SCANNED_LANGUAGES.has(look.file.language) ? scanOne(look, maxFileSize) : undefined;
    if (done) scanned.push({ look, ...done });
    else rest.push(look);
  }
  return { scanned, rest };
}

function scanOne(look: Lookup, maxFileSize: number): { analysis: FileAnalysis; keep: boolean } | undefined {
  const read = readSourceSync(look.file.abs, maxFileSize);
  if (!read.ok) return undefined;
  const imports = scanTsImportHeader(read.text, look.file.language);
  if (!imports) return undefined;
  const analysis: FileAnalysis = {
    path: look.file.rel,
    language: look.file.language,
    functions: [],
    totals: emptyTotals(),
    symbols: [],
    imports,
    parseErrors: { count: 0, first: [] },
  };
  // Taken after the read, as FileTiers.keep would: a file written in between is answered but not cached.
  return { analysis, keep: sameStat(look.file, statAfter(look.file.abs)) };
}

function statAfter(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch {
    return undefined; // gone, or unreadable now: not kept
  }
}
