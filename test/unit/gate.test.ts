import { describe, expect, it } from 'vitest';
import { judge, parseBaseline, writeBaseline } from '../../src/gate/baseline.js';
import { githubAnnotation } from '../../src/gate/github.js';
import { relativeUri } from '../../src/gate/sarif.js';
import { fingerprintOf, violationMessage, type Violation } from '../../src/gate/violation.js';

const fn = (name: string, value: number, over: Partial<Violation> = {}): Violation => {
  const v = {
    rule: 'max-cognitive' as const,
    path: 'src/a.ts',
    name,
    kind: 'function',
    startLine: 10,
    endLine: 20,
    value,
    threshold: 5,
    ...over,
  };
  return { ...v, fingerprint: fingerprintOf(v) };
};
const cycle = (members: string[]): Violation => {
  const v = {
    rule: 'no-cycles' as const,
    path: members[0]!,
    kind: 'cycle',
    startLine: 1,
    endLine: 1,
    value: members.length,
    members,
    cycle: [...members, members[0]!],
  };
  return { ...v, fingerprint: fingerprintOf(v) };
};
const baselineOf = (vs: Violation[]) => parseBaseline(writeBaseline(vs), 'test');

describe('quality gate: fingerprints and the baseline', () => {
  it('a fingerprint names rule, path, qualified name and kind, not lines', () => {
    expect(fn('parse', 9).fingerprint).toBe(fn('parse', 12, { startLine: 300, endLine: 340 }).fingerprint);
    expect(fn('parse', 9).fingerprint).not.toBe(fn('Parser.parse', 9).fingerprint);
    expect(fn('parse', 9).fingerprint).not.toBe(fn('parse', 9, { path: 'src/b.ts' }).fingerprint);
    expect(fn('parse', 9).fingerprint).not.toBe(fn('parse', 9, { rule: 'max-cyclomatic' }).fingerprint);
    expect(fn('parse', 9).fingerprint).not.toBe(fn('parse', 9, { kind: 'method' }).fingerprint);
    expect(fn('parse', 9).fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('known violations pass, new ones and worse ones fail, better ones pass; unmatched entries are fixed', () => {
    const baseline = baselineOf([fn('a', 10), fn('b', 10), fn('gone', 7)]);
    const { violations, fixed } = judge(
      [fn('a', 10, { startLine: 99 }), fn('b', 12), fn('c', 6), fn('a2', 3)],
      baseline,
    );
    expect(violations.map((v) => [v.name, v.state, v.baselineValue])).toEqual([
      ['a', 'baselined', 10],
      ['b', 'worse', 10],
      ['c', 'new', undefined],
      ['a2', 'new', undefined],
    ]);
    expect(fixed).toBe(1);
    expect(judge([fn('a', 8)], baseline).violations[0]).toMatchObject({ state: 'baselined', baselineValue: 10 });
  });

  it('functions sharing a fingerprint are matched as a multiset, as many known as possible', () => {
    const baseline = baselineOf([fn('<anonymous>', 9), fn('<anonymous>', 6)]);
    // 6 fits under 9 and 9 too, but only 6 ≤ 6 and 8 ≤ 9 keep both known.
    expect(judge([fn('<anonymous>', 8), fn('<anonymous>', 6)], baseline).violations.map((v) => v.state)).toEqual([
      'baselined',
      'baselined',
    ]);
    const grown = judge([fn('<anonymous>', 8), fn('<anonymous>', 6), fn('<anonymous>', 7)], baseline).violations;
    expect(grown.map((v) => v.state).sort()).toEqual(['baselined', 'baselined', 'new']);
    expect(judge([fn('<anonymous>', 10), fn('<anonymous>', 6)], baseline).violations.map((v) => v.state)).toEqual([
      'worse',
      'baselined',
    ]);
  });

  it('a cycle is known while its files were all in one baselined cycle: shrinking and splitting pass, growing fails', () => {
    const baseline = baselineOf([cycle(['a', 'b', 'c', 'd'])]);
    expect(judge([cycle(['a', 'b', 'c', 'd'])], baseline).violations[0]!.state).toBe('baselined');
    expect(judge([cycle(['a', 'b']), cycle(['c', 'd'])], baseline).violations.map((v) => v.state)).toEqual([
      'baselined',
      'baselined',
    ]);
    expect(judge([cycle(['a', 'b', 'e'])], baseline).violations[0]!.state).toBe('new');
    expect(judge([], baseline).fixed).toBe(1);
  });

  it('the baseline file is sorted and the same bytes whatever the order found', () => {
    const vs = [
      fn('b', 9),
      cycle(['x', 'y']),
      fn('a', 7, { path: 'src/z.ts' }),
      fn('a', 6, { rule: 'max-cyclomatic' }),
    ];
    const text = writeBaseline(vs);
    expect(writeBaseline([...vs].reverse())).toBe(text);
    const rules = parseBaseline(text, 'x').violations.map((e) => `${e.rule} ${e.path} ${e.name ?? ''}`);
    expect(rules).toEqual([
      'max-cognitive src/a.ts b',
      'max-cognitive src/z.ts a',
      'max-cyclomatic src/a.ts a',
      'no-cycles x ',
    ]);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/); // no time stamp
    expect(writeBaseline([])).toBe(writeBaseline([]));
    expect(() => parseBaseline('{"version":2,"violations":[]}', 'b.json')).toThrow(
      /b\.json is not a quality-gate baseline/,
    );
    expect(() => parseBaseline('nope', 'b.json')).toThrow(/not JSON/);
  });

  it('GitHub annotations escape workflow-command syntax; SARIF URIs are percent-encoded', () => {
    const v = { ...fn('a,b:c', 9, { path: 'src/we,ird:dir/100%.ts' }), state: 'worse' as const, baselineValue: 7 };
    const line = githubAnnotation({ ...v, message: `${violationMessage(v)}\nsecond line` });
    expect(line).toBe(
      '::error file=src/we%2Cird%3Adir/100%25.ts,line=10,endLine=20,title=Cognitive complexity over the limit (worse than the baseline)::a,b:c (function) has cognitive complexity 9 (max 5).%0Asecond line Baseline: 7.',
    );
    expect(relativeUri('src/a b/c#d.ts')).toBe('src/a%20b/c%23d.ts');
  });
});
