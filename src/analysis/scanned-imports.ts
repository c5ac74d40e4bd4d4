import { readSource } from '../engine/read-source.js';
import { SCANNED_LANGUAGES, scanTsImportHeader } from '../engine/scan/ts-import-header.js';
import { emptyTotals, type FileAnalysis } from '../engine/types.js';
import type { Lookup } from './file-tiers.js';

// The dependency graph's files that need no parse: a TS/JS module whose imports are a header of
// `import`/`export … from` statements (src/engine/scan/ts-import-header.ts) gets its imports-only
// result here, above both engines, so the two agree by construction; every other file (and one
// the scan declines, or that cannot be read) still goes to the engine, which also reports why a
// file was skipped.

export interface ScannedImports {
  scanned: { look: Lookup; analysis: FileAnalysis }[];
  /** The lookups the engine must still analyse, in their order. */
  rest: Lookup[];
}

/**
 * The imports-only results of the files in `missing` that a scan answers. What a scanned result
 * cannot know is what only a parse tells: its `parseErrors` is empty (the dependency graph does
 * not read it; AnalyzeOptions.importsOnly says so).
 */
export async function scanImports(missing: readonly Lookup[], maxFileSize: number): Promise<ScannedImports> {
  const results = await Promise.all(
    missing.map(async (look) => (SCANNED_LANGUAGES.has(look.file.language) ? scanOne(look, maxFileSize) : undefined)),
  );
  const scanned: ScannedImports['scanned'] = [];
  const rest: Lookup[] = [];
  missing.forEach((look, i) => {
    const analysis = results[i];
    if (analysis) scanned.push({ look, analysis });
    else rest.push(look);
  });
  return { scanned, rest };
}

async function scanOne(look: Lookup, maxFileSize: number): Promise<FileAnalysis | undefined> {
  const read = await readSource(look.file.abs, maxFileSize);
  if (!read.ok) return undefined;
  const imports = scanTsImportHeader(read.text, look.file.language);
  if (!imports) return undefined;
  return {
    path: look.file.rel,
    language: look.file.language,
    functions: [],
    totals: emptyTotals(),
    symbols: [],
    imports,
    parseErrors: { count: 0, first: [] },
  };
}
