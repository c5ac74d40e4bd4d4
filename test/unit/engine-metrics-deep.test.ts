import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/engine/types.js';
import { analyseSource } from '../helpers/engine-parse.js';

// METRICS.md "Bad input": deep nesting must not overflow the stack. 10,000 levels of nested
// blocks and expressions, in every language, through metrics, structure and parse errors.
const DEPTH = 10_000;

function nestedIfs(open: string, close: string, depth = DEPTH): string {
  return open.repeat(depth) + close.repeat(depth);
}

const CASES: Record<Language, string> = {
  typescript: `function f(a: any) {${nestedIfs('if (a) {', '}')}}\nconst x = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)};\n`,
  tsx: `function f(a) {${nestedIfs('{', '}')}}\nconst l = ${'a && '.repeat(DEPTH)}b;\n`,
  javascript: `function f(a) {${nestedIfs('if (a) {', '}')}}\nconst g = ${'() => '.repeat(2000)}1;\n`,
  python: `def f(a):\n    return ${'('.repeat(DEPTH)}a${')'.repeat(DEPTH)} and ${'not '.repeat(DEPTH)}a\n`,
  go: `package p\nfunc f(a bool) {${nestedIfs('if a {', '}')}}\n`,
  rust: `fn f(a: bool) {${nestedIfs('if a {', '}')}}\n`,
  java: `class A { void f(boolean a) {${nestedIfs('if (a) {', '}')}} }\n`,
};

describe('deep nesting', () => {
  for (const [language, source] of Object.entries(CASES) as [Language, string][]) {
    it(`${language}: 10,000 levels do not overflow the stack`, async () => {
      const r = await analyseSource(language, source);
      const f = r.functions[0]!;
      expect(f.cyclomatic).toBeGreaterThanOrEqual(1);
      expect(Number.isFinite(f.mi)).toBe(true);
      if (source.includes('if')) {
        // nested ifs: cyclomatic 1 + depth, cognitive 1 + 2 + … + depth, nesting = depth
        expect(f.cyclomatic).toBe(1 + DEPTH);
        expect(f.cognitive).toBe((DEPTH * (DEPTH + 1)) / 2);
        expect(f.maxNesting).toBe(DEPTH);
      }
      expect(r.parseErrors.count).toBe(0);
    });
  }

  it('a syntax error at depth is still found', async () => {
    const r = await analyseSource(
      'go',
      `package p\nfunc f(a bool) {${'if a {'.repeat(DEPTH)} x := ; ${'}'.repeat(DEPTH)}}\n`,
    );
    expect(r.parseErrors.count).toBeGreaterThan(0);
  });

  it('deeply nested classes give a deep symbol tree without recursion', async () => {
    const depth = 2000;
    const src = `${'class A { '.repeat(depth)}${'}'.repeat(depth)}`;
    const r = await analyseSource('java', src);
    let level = 0;
    let syms = r.symbols;
    while (syms.length > 0) {
      level++;
      syms = syms[0]!.children;
    }
    expect(level).toBe(depth);
  });
});
