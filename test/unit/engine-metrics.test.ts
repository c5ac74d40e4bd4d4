import { describe, expect, it } from 'vitest';
import { round4, safeLn } from '../../src/engine/wasm/metrics/round.js';
import { analyseSource, fn } from '../helpers/engine-parse.js';

describe('halstead and maintainability index', () => {
  it('counts the tokens of a small function exactly', async () => {
    // function size(a: number) { const b = a + 1; return b; }
    // operators: function ( : number { const = + ; return ;  → N1 11, n1 10 (`)` `}` close pairs)
    // operands:  size a b a 1 b                           → N2 6,  n2 4
    const f = await fn('typescript', 'function size(a: number) {\n  const b = a + 1; // c\n  return b;\n}\n', 'size');
    expect(f.halstead).toMatchObject({ n1: 10, n2: 4, N1: 11, N2: 6, vocabulary: 14, length: 17 });
    const volume = 17 * Math.log2(14);
    expect(f.halstead.volume).toBe(round4(volume));
    expect(f.halstead.difficulty).toBe(7.5);
    expect(f.halstead.effort).toBe(round4(7.5 * volume));
    expect(f.halstead.bugs).toBe(round4(volume / 3000));
    const mi = 171 - 5.2 * Math.log(volume) - 0.23 * 1 - 16.2 * Math.log(4);
    expect(f.mi).toBe(round4(mi));
    expect(f.miNormalized).toBe(round4((mi * 100) / 171));
  });

  it('a string literal is one operand, its quotes and interpolations are not tokens', async () => {
    const f = await fn('python', 'def g():\n    return f"a{b}c" + "x"\n', 'g');
    // operators: def ( : return +   operands: g, f"a{b}c", "x"
    expect(f.halstead).toMatchObject({ n1: 5, N1: 5, n2: 3, N2: 3 });
  });

  it('an empty function has zero volume and difficulty, and a finite MI', async () => {
    const f = await fn('python', 'lambda: 0\nx = lambda: 0\n', 'x');
    expect(f.halstead.difficulty).toBeGreaterThanOrEqual(0);
    const g = await fn('go', 'package p\nfunc e() {}\n', 'e');
    // operators func ( {, operand e: vocabulary 4
    expect(g.halstead).toMatchObject({ n1: 3, n2: 1, N1: 3, N2: 1 });
    const h = await fn('rust', 'fn z(){}', 'z');
    expect(Number.isFinite(h.mi)).toBe(true);
    expect(h.loc.sloc).toBe(1);
    // ln(1) = 0: only volume and cyclomatic lower the MI of a one-line function
    expect(h.mi).toBe(round4(171 - 5.2 * Math.log(h.halstead.length * Math.log2(h.halstead.vocabulary)) - 0.23));
  });

  it('guards: ln below 1 is 0, rounding is half away from zero and never -0', () => {
    expect(safeLn(0)).toBe(0);
    expect(safeLn(1)).toBe(0);
    expect(round4(0.00005)).toBe(0.0001);
    expect(round4(-0.00005)).toBe(-0.0001);
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
    expect(round4(Number.NaN)).toBe(0);
  });
});

describe('lines', () => {
  it('counts code, comment and blank lines of a function and of the file', async () => {
    const src = '/* a\n\n b */\nfunction f() { // c\n\n  return 1;\n}\n';
    const r = await analyseSource('javascript', src);
    expect(r.functions[0]!.loc).toEqual({ sloc: 4, ploc: 3, lloc: 1, cloc: 1, blank: 1 });
    // the blank line inside the block comment is blank, not a comment line
    expect(r.totals.loc).toEqual({ sloc: 7, ploc: 3, lloc: 2, cloc: 3, blank: 2 });
  });

  it('an empty file has no lines and no functions', async () => {
    const r = await analyseSource('go', '');
    expect(r.totals).toEqual({
      functions: 0,
      cyclomaticSum: 0,
      cyclomaticMax: 0,
      cognitiveSum: 0,
      loc: { sloc: 0, ploc: 0, lloc: 0, cloc: 0, blank: 0 },
    });
    expect(r.symbols).toEqual([]);
    expect(r.parseErrors).toEqual({ count: 0, first: [] });
  });
});

describe('file totals', () => {
  it('sums cognitive over top-level functions only (nested increments are already inside)', async () => {
    const r = await analyseSource(
      'typescript',
      'function a(x) { return x.map((y) => (y ? 1 : 2)); }\nfunction b(x) { if (x) {} }\n',
    );
    const [a, arrow, b] = r.functions;
    expect([a!.cognitive, arrow!.cognitive, b!.cognitive]).toEqual([2, 1, 1]);
    expect(r.totals).toMatchObject({ functions: 3, cyclomaticSum: 1 + 2 + 2, cyclomaticMax: 2, cognitiveSum: 3 });
  });
});

describe('parse errors', () => {
  it('reports ERROR and MISSING nodes with 1-based lines and UTF-16 columns, and still analyses', async () => {
    const r = await analyseSource('javascript', 'function ok() { return 1 }\nconst s = "é😀"; x = @;\n');
    expect(r.parseErrors.count).toBeGreaterThan(0);
    // `=` after x is the 20th UTF-16 code unit of line 2 (é is 1 unit, 😀 is 2)
    expect(r.parseErrors.first[0]).toEqual({ line: 2, column: 20 });
    expect(r.functions.map((f) => f.name)).toEqual(['ok']);
  });

  it('caps the locations at maxLocations', async () => {
    const r = await analyseSource('javascript', 'a = @;\n'.repeat(30));
    expect(r.parseErrors.count).toBe(30);
    expect(r.parseErrors.first).toHaveLength(10);
    expect(r.parseErrors.first[9]).toEqual({ line: 10, column: 3 });
  });
});
