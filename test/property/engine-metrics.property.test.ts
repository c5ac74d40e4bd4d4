import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import type { Language, SymbolInfo } from '../../src/engine/types.js';
import { goldenCases } from '../golden/run-golden.js';
import { parseTxtar } from '../golden/txtar.js';
import { analyseSource } from '../helpers/engine-parse.js';

// Random edits (delete / insert / duplicate a character range) of the valid golden sources,
// in every language: the analysis never throws, and never yields a negative, NaN or infinite
// number (except `mi`, which METRICS.md defines unclamped; it must still be finite).

function seeds(): Map<Language, string[]> {
  const out = new Map<Language, string[]>();
  for (const c of goldenCases('analyze_complexity')) {
    for (const [path, text] of parseTxtar(readFileSync(join(c.dir, 'input.txtar'), 'utf8'))) {
      const lang = languageOf(path);
      if (lang && text.length > 0) out.set(lang, [...(out.get(lang) ?? []), text]);
    }
  }
  return out;
}

type Edit = { kind: 'delete' | 'insert' | 'duplicate'; at: number; len: number; text: string };

const edit = fc.record({
  kind: fc.constantFrom<Edit['kind']>('delete', 'insert', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  text: fc.string({
    unit: fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      'if ',
      'else',
      '&&',
      '||',
      ':',
      '\n',
      ' ',
      '"',
      '`',
      '#',
      '/*',
      'x',
      '=>',
      'def ',
      'fn ',
      'func ',
      '?',
    ),
    maxLength: 8,
  }),
});

function apply(src: string, edits: Edit[]): string {
  let s = src;
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % s.length;
    const end = Math.min(s.length, at + e.len);
    if (e.kind === 'delete') s = s.slice(0, at) + s.slice(end);
    else if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
    else s = s.slice(0, end) + s.slice(at, end) + s.slice(end);
  }
  return s;
}

function badNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return [`${path}=${value}`];
    return value < 0 && !path.endsWith('/mi') ? [`${path}=${value}`] : [];
  }
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}/${k}`));
  return [];
}

function symbolsWellFormed(symbols: SymbolInfo[]): boolean {
  const stack = [...symbols];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s.startLine < 1 || s.endLine < s.startLine) return false;
    stack.push(...s.children);
  }
  return true;
}

describe('random edits never break the analysis', () => {
  for (const [language, sources] of seeds()) {
    it(language, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...sources),
          fc.array(edit, { minLength: 1, maxLength: 4 }),
          async (src, edits) => {
            const text = apply(src, edits);
            const r = await analyseSource(language, text);
            expect(badNumbers(r)).toEqual([]);
            expect(symbolsWellFormed(r.symbols)).toBe(true);
            for (const f of r.functions) {
              expect(f.endLine).toBeGreaterThanOrEqual(f.startLine);
              expect(f.cyclomatic).toBeGreaterThanOrEqual(1);
            }
            expect(r.totals.functions).toBe(r.functions.length);
          },
        ),
        { numRuns: 60, seed: 20261127 },
      );
    });
  }
});
