import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import type { FunctionMetrics } from '../../src/engine/types.js';
import { computeMetrics } from '../../src/engine/wasm/metrics/index.js';
import { parserFor } from '../../src/engine/wasm/parsers.js';
import { goldenCases } from '../golden/run-golden.js';
import { parseTxtar } from '../golden/txtar.js';

// The golden inputs carry hand-derived expectations next to each function:
//   // expect <name> cyc=3 cog=4 nest=2 params=1 exits=1 kind=method lines=5-10 sloc=6 …
// (`#` in Python). They were written from METRICS.md before running the engine, and are
// checked here independently of expected.json: an annotation applies to the first function
// of that name starting below it.

interface Expectation {
  line: number;
  name: string;
  want: Record<string, string>;
}

function expectations(source: string): Expectation[] {
  const out: Expectation[] = [];
  source.split('\n').forEach((text, i) => {
    const m = /^\s*(?:\/\/|#)\s*expect\s+(\S+)((?:\s+\w+=\S+)*)\s*$/.exec(text);
    if (!m) return;
    const want = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\S+)/g)].map((p) => [p[1]!, p[2]!]));
    out.push({ line: i + 1, name: m[1]!, want });
  });
  return out;
}

function actual(f: FunctionMetrics, key: string): string {
  const simple: Record<string, number | string> = {
    cyc: f.cyclomatic,
    cog: f.cognitive,
    nest: f.maxNesting,
    params: f.params,
    exits: f.exits,
    kind: f.kind,
    lines: `${f.startLine}-${f.endLine}`,
    sloc: f.loc.sloc,
    ploc: f.loc.ploc,
    cloc: f.loc.cloc,
    blank: f.loc.blank,
    lloc: f.loc.lloc,
  };
  if (!(key in simple)) throw new Error(`unknown expectation key ${key}`);
  return String(simple[key]);
}

describe('hand-derived expectations in the complexity goldens', () => {
  for (const c of goldenCases('analyze_complexity')) {
    const files = parseTxtar(readFileSync(join(c.dir, 'input.txtar'), 'utf8'));
    for (const [path, source] of files) {
      const language = languageOf(path);
      const exps = expectations(source);
      if (!language || exps.length === 0) continue;
      it(`${c.name}/${path}`, async () => {
        const tree = (await parserFor(language)).parse(source)!;
        const { functions } = computeMetrics(tree.rootNode, language, source);
        tree.delete();
        const problems: string[] = [];
        for (const e of exps) {
          const f = functions.find((fn) => fn.name === e.name && fn.startLine > e.line);
          if (!f) {
            problems.push(`line ${e.line}: no function ${e.name} below`);
            continue;
          }
          for (const [k, v] of Object.entries(e.want)) {
            const got = actual(f, k);
            if (got !== v) problems.push(`line ${e.line} ${e.name}: ${k} expected ${v}, got ${got}`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  }
});
