import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  headFromRecord,
  headOf,
  recordOf,
  TopFunctions,
  type FunctionRanking,
  type HeadRecord,
  type TopFunction,
} from '../../src/analysis/file-heads.js';
import type { DiscoveredFile } from '../../src/engine/discovery.js';
import type { FileAnalysis, FunctionMetrics } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { materialise, parseTxtar } from '../golden/txtar.js';

// A warm scan builds each file's head (and its share of the worst functions) from the head
// record stored on disk beside the full result, never from the full result: both ways must give
// the very same snapshot.

const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const sourceFor = (f: FileAnalysis, i: number): DiscoveredFile => ({
  abs: `/root/${f.path}`,
  rel: f.path,
  language: f.language,
  size: 100 + i,
  mtimeMs: 1_700_000_000_000.5 + i,
  ino: 42 + i,
});

/** Every golden input of every tool, analysed by the portable engine (full and imports-only results). */
async function goldenResults(): Promise<FileAnalysis[]> {
  const engine = new WasmEngine({ threads: 0 });
  const results: FileAnalysis[] = [];
  try {
    for (const tool of readdirSync(GOLDEN, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const c of readdirSync(join(GOLDEN, tool.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const dir = materialise(parseTxtar(readFileSync(join(GOLDEN, tool.name, c.name, 'input.txtar'), 'utf8')));
        try {
          for (const importsOnly of [false, true]) {
            const { files } = await engine.analyze({ path: dir, root: dir, importsOnly });
            results.push(
              ...files.map((f) => ({ ...f, path: `${tool.name}/${c.name}/${importsOnly ? 'imports/' : ''}${f.path}` })),
            );
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await engine.close();
  }
  return results;
}

describe('file heads from the disk head record', () => {
  let results: FileAnalysis[] = [];

  it('rebuilds the very head the full result gives, for every golden file of every language', async () => {
    results = await goldenResults();
    const languages = new Set(results.map((f) => f.language));
    expect([...languages].sort()).toEqual(['go', 'java', 'javascript', 'python', 'rust', 'tsx', 'typescript']);
    expect(results.some((f) => f.parseErrors.count > 0)).toBe(true);
    expect(results.some((f) => f.packageName !== undefined)).toBe(true);
    results.forEach((f, i) => {
      const source = sourceFor(f, i);
      // As the disk tier has them: the record and the full result both went through JSON.
      const fromRecord = headFromRecord(roundTrip(recordOf(f)), source);
      expect(fromRecord, f.path).toStrictEqual(headOf(roundTrip(f), source));
      expect(fromRecord, f.path).toEqual(headOf(f, source));
    });
  });

  it('rebuilds the worst functions of the whole analysis from the records', () => {
    const full = new TopFunctions();
    const fromRecords = new TopFunctions();
    for (const f of results) full.add(f);
    for (const f of [...results].reverse()) fromRecords.addCandidates(f.path, roundTrip(recordOf(f)).top);
    expect(fromRecords.result()).toStrictEqual(full.result());
    expect(full.result().cognitive).toHaveLength(10);
  });

  it('keeps a record small: a file’s candidates for the worst functions are at most 10 per ranking', () => {
    const many: FileAnalysis = {
      ...results.find((f) => f.functions.length > 0)!,
      functions: Array.from({ length: 200 }, (_, i) => fn(`f${i}`, i, i % 7, i % 5, (i * 13) % 11)),
    };
    const record: HeadRecord = recordOf(many);
    expect(record.top.length).toBeLessThanOrEqual(30);
    expect(record.complexity).toHaveLength(400);
  });
});

function fn(name: string, startLine: number, cyclomatic: number, cognitive: number, length: number): FunctionMetrics {
  const loc = { sloc: length + 1, ploc: length + 1, lloc: length, cloc: 0, blank: 0 };
  const halstead = {
    n1: 1,
    n2: 1,
    N1: 1,
    N2: 1,
    vocabulary: 2,
    length: 2,
    volume: 2,
    difficulty: 1,
    effort: 2,
    bugs: 0,
  };
  return {
    name,
    kind: 'function',
    startLine,
    endLine: startLine + length,
    cyclomatic,
    cognitive,
    params: 0,
    exits: 1,
    maxNesting: 0,
    loc,
    halstead,
    mi: 100,
    miNormalized: 60,
  };
}

/** The 10 worst by a ranking, by sorting every function (stable: equal ones in the order given). */
function reference(files: FileAnalysis[], ranking: FunctionRanking): TopFunction[] {
  const key = (f: FunctionMetrics) =>
    ranking === 'cognitive' ? f.cognitive : ranking === 'cyclomatic' ? f.cyclomatic : f.endLine - f.startLine + 1;
  const all = files.flatMap((file) => file.functions.map((f) => ({ file: file.path, f })));
  all.sort(
    (a, b) =>
      key(b.f) - key(a.f) ||
      b.f.cyclomatic - a.f.cyclomatic ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.f.startLine - b.f.startLine,
  );
  return all.slice(0, 10).map(({ file, f }) => ({
    path: file,
    name: f.name,
    startLine: f.startLine,
    cognitive: f.cognitive,
    cyclomatic: f.cyclomatic,
  }));
}

describe('the worst functions from candidates (property)', () => {
  // Small ranges make ties on every key common, even on the start line (functions on one line).
  const fnArb = fc.tuple(
    fc.integer({ min: 1, max: 30 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 5 }),
  );
  const fileArb = fc.array(fnArb, { maxLength: 40, size: 'max' }).map((fns) => fns.sort((a, b) => a[0] - b[0]));
  const filesArb = fc.array(fileArb, { minLength: 1, maxLength: 8 }).chain((files) => {
    const order = files.map((_, i) => i);
    return fc.tuple(
      fc.constant(files),
      fc.shuffledSubarray(order, { minLength: order.length, maxLength: order.length }),
    );
  });

  it('are those of every function, whatever the order of the files', () => {
    fc.assert(
      fc.property(filesArb, ([files, order]) => {
        const analyses = files.map((fns, i): FileAnalysis => ({
          path: `dir/f${i}.go`,
          language: 'go',
          functions: fns.map(([line, cyc, cog, len], k) => fn(`fn${k}`, line, cyc, cog, len)),
          totals: {
            functions: fns.length,
            cyclomaticSum: 0,
            cyclomaticMax: 0,
            cognitiveSum: 0,
            loc: { sloc: 0, ploc: 0, lloc: 0, cloc: 0, blank: 0 },
          },
          symbols: [],
          imports: [],
          parseErrors: { count: 0, first: [] },
        }));
        const full = new TopFunctions();
        analyses.forEach((f) => full.add(f));
        const fromRecords = new TopFunctions();
        order.forEach((i) => fromRecords.addCandidates(analyses[i]!.path, roundTrip(recordOf(analyses[i]!)).top));
        const expected = {
          cognitive: reference(analyses, 'cognitive'),
          cyclomatic: reference(analyses, 'cyclomatic'),
          loc: reference(analyses, 'loc'),
        };
        expect(full.result()).toStrictEqual(expected);
        expect(fromRecords.result()).toStrictEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
