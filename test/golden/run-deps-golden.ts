import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DependencyGraph, DependencyOptions, Engine } from '../../src/engine/types.js';
import { materialise, parseTxtar } from './txtar.js';

const CASES = join(import.meta.dirname, 'analyze_dependencies');

interface Expected {
  options?: DependencyOptions;
  graph: DependencyGraph;
}

/**
 * Runs every case of test/golden/analyze_dependencies against an engine: each case is
 * `input.txtar` (a source tree) and one or more `expected*.json` (options + the graph,
 * written by hand from the rules in METRICS.md).
 */
export function runDepsGoldenSuite(engineName: string, engine: Engine): void {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  describe(`analyze_dependencies goldens (${engineName})`, () => {
    for (const name of readdirSync(CASES).sort()) {
      const caseDir = join(CASES, name);
      for (const file of readdirSync(caseDir).filter((f) => /^expected.*\.json$/.test(f)).sort()) {
        it(`${name}/${file}`, async () => {
          const root = materialise(parseTxtar(readFileSync(join(caseDir, 'input.txtar'), 'utf8')));
          dirs.push(root);
          const expected = JSON.parse(readFileSync(join(caseDir, file), 'utf8')) as Expected;
          const result = await engine.analyze({ path: root, root });
          expect(result.skipped).toEqual([]);
          const graph = await engine.dependencies(result, root, expected.options ?? {});
          expect(graph).toEqual(expected.graph);
        });
      }
    }
  });
}
