import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import type { FileAnalysis } from '../../src/engine/types.js';
import { materialise, parseTxtar } from './txtar.js';

// Engine-neutral golden suite for analyze_complexity and analyze_structure: each case folder
// holds `input.txtar` (the source files) and `expected.json` (for each file with a known
// language, the FileAnalysis fields the tool reports). Every engine runs the same cases.
//
// UPDATE_GOLDEN=1 rewrites expected.json from the engine and prints every changed value:
// review each one against the rules (the `expect` annotations in the inputs are checked
// independently by test/unit/engine-metrics-annotations.test.ts).

export type GoldenAnalysis = Pick<FileAnalysis, 'path' | 'language' | 'functions' | 'totals' | 'symbols'>;
export type AnalyzeFn = (absPath: string, relPath: string) => Promise<GoldenAnalysis>;

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const GOLDEN_TOOLS = ['analyze_complexity', 'analyze_structure'] as const;
type Tool = (typeof GOLDEN_TOOLS)[number];

function project(tool: Tool, a: GoldenAnalysis): object {
  return tool === 'analyze_complexity'
    ? { path: a.path, language: a.language, functions: a.functions, totals: a.totals }
    : { path: a.path, language: a.language, symbols: a.symbols };
}

export function goldenCases(tool: Tool): { name: string; dir: string }[] {
  const base = join(ROOT, tool);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'input.txtar')))
    .map((d) => ({ name: d.name, dir: join(base, d.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Leaf-level differences `path: old → new`, for reviewing an update. */
function diff(old: unknown, now: unknown, at = ''): string[] {
  if (typeof old === 'object' && old !== null && typeof now === 'object' && now !== null) {
    const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
    return [...keys].flatMap((k) => diff((old as any)[k], (now as any)[k], `${at}/${k}`));
  }
  return JSON.stringify(old) === JSON.stringify(now) ? [] : [`${at}: ${JSON.stringify(old)} → ${JSON.stringify(now)}`];
}

export async function analyzeCase(dir: string, tool: Tool, analyzeFile: AnalyzeFn): Promise<object[]> {
  const files = parseTxtar(readFileSync(join(dir, 'input.txtar'), 'utf8'));
  const tmp = materialise(files);
  try {
    const out: object[] = [];
    for (const rel of files.keys()) {
      if (!languageOf(rel)) continue;
      out.push(project(tool, await analyzeFile(join(tmp, rel), rel)));
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function runGoldenSuite(engineName: string, analyzeFile: AnalyzeFn): void {
  for (const tool of GOLDEN_TOOLS) {
    describe(`golden ${tool} (${engineName})`, () => {
      const cases = goldenCases(tool);
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));
      for (const c of cases) {
        it(c.name, async () => {
          const actual = await analyzeCase(c.dir, tool, analyzeFile);
          const file = join(c.dir, 'expected.json');
          if (process.env.UPDATE_GOLDEN === '1') {
            const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
            const changes = diff(old, JSON.parse(JSON.stringify(actual)));
            if (changes.length > 0) console.error(`${tool}/${c.name}:\n  ${changes.join('\n  ')}`);
            writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
            return;
          }
          const expected = JSON.parse(readFileSync(file, 'utf8'));
          expect(actual).toEqual(expected);
        });
      }
    });
  }
}
