import { describe, expect, it } from 'vitest';
import { NumstatReader } from '../../src/git/change-history.js';
import { carryLine, FileLineage, HunkReader, unquotePath } from '../../src/git/line-changes.js';
import type { FileHead } from '../../src/analysis/file-heads.js';
import type { FunctionMetrics } from '../../src/engine/types.js';
import { functionHotspots, rankHotspots, touchedFunctions } from '../../src/tools/shared/hotspot-rank.js';
import { resolveSince } from '../../src/tools/shared/hotspot-since.js';

// The pure parts of hotspots: reading git's numstat and patch output, carrying changed lines
// forward to today's file, the window, the ranking and the function attribution.

/** git log --numstat -z output as the pieces between NULs (what startGit yields). */
function numstat(commits: { author: string; files: (string | [string, string])[]; stats?: string }[]): string[] {
  const pieces: string[] = [];
  for (const c of commits) {
    pieces.push(`C\t${c.author}`);
    c.files.forEach((f, i) => {
      const stat = c.stats ?? '1\t2\t';
      const lead = i === 0 ? '\n' : '';
      if (typeof f === 'string') pieces.push(`${lead}${stat}${f}`);
      else pieces.push(`${lead}${stat}`, f[0], f[1]);
    });
    pieces.push('');
  }
  return pieces;
}

function read(pieces: string[]) {
  const reader = new NumstatReader();
  for (const p of pieces) reader.push(p);
  return reader.end();
}

describe('NumstatReader', () => {
  it('counts commits, churn and distinct authors per file, a binary change as 0 lines', () => {
    const h = read([
      ...numstat([
        { author: 'Ann', files: ['a.ts', 'b.ts'] },
        { author: 'Bob', files: ['a.ts'] },
        { author: 'Ann', files: ['a.ts'] },
      ]),
      'C\tCy',
      '\n-\t-\tlogo.png',
      '',
    ]);
    expect(h.commits).toBe(4);
    expect(h.files.get('a.ts')).toEqual({ commits: 3, churn: 9, authors: 2 });
    expect(h.files.get('b.ts')).toEqual({ commits: 1, churn: 3, authors: 1 });
    expect(h.files.get('logo.png')).toEqual({ commits: 1, churn: 0, authors: 1 });
  });

  it("follows renames back to today's path, through chains, with names git's {old => new} notation cannot carry", () => {
    // Newest first: c.ts was b.ts, which was "a {x} => y.ts".
    const h = read(
      numstat([
        { author: 'Ann', files: ['c.ts'] },
        { author: 'Bob', files: [['b.ts', 'c.ts']] },
        { author: 'Cy', files: ['b.ts'] },
        { author: 'Dee', files: [['a {x} => y.ts', 'b.ts']] },
        { author: 'Eve', files: ['a {x} => y.ts'] },
      ]),
    );
    expect([...h.files.keys()]).toEqual(['c.ts']);
    expect(h.files.get('c.ts')).toEqual({ commits: 5, churn: 15, authors: 5 });
    expect(h.formerNames.get('c.ts')).toEqual(['b.ts', 'a {x} => y.ts']);
  });

  it('a rename applies to older commits only: a new file at the old path keeps its own history', () => {
    // Newest first: a new a.ts was created after a.ts had been renamed to b.ts.
    const h = read(
      numstat([
        { author: 'Ann', files: ['a.ts'] },
        { author: 'Bob', files: ['a.ts', ['x.ts', 'b.ts']] }, // creates the new a.ts; x.ts → b.ts
        { author: 'Cy', files: [['a.ts', 'x.ts']] },
        { author: 'Dee', files: ['a.ts'] },
      ]),
    );
    expect(h.files.get('a.ts')).toEqual({ commits: 2, churn: 6, authors: 2 });
    expect(h.files.get('b.ts')).toEqual({ commits: 3, churn: 9, authors: 3 });
  });
});

describe('carrying changed lines to today', () => {
  const hunk = (start: number, count: number, newStart: number, newCount: number) => ({
    start,
    count,
    newStart,
    newCount,
  });

  it('shifts lines past insertions and removals, and sends removed lines to their replacement', () => {
    const hunks = [hunk(2, 0, 3, 2), hunk(5, 2, 7, 1), hunk(9, 1, 9, 0)];
    expect(carryLine(1, hunks, 'first')).toBe(1);
    expect(carryLine(2, hunks, 'first')).toBe(2);
    expect(carryLine(3, hunks, 'first')).toBe(5); // after 2 inserted lines
    expect(carryLine(5, hunks, 'first')).toBe(7); // removed: to the replacement
    expect(carryLine(6, hunks, 'last')).toBe(7);
    expect(carryLine(7, hunks, 'first')).toBe(8); // +2 -1
    expect(carryLine(9, hunks, 'first')).toBe(10); // removed without replacement: empty range
    expect(carryLine(9, hunks, 'last')).toBe(9);
    expect(carryLine(10, hunks, 'first')).toBe(10); // +2 -1 -1
  });

  it("maps an older commit's lines through every newer commit; lines gone since leave no range", () => {
    const lineage = new FileLineage();
    lineage.add([hunk(2, 0, 3, 1)]); // newest: inserted line 3
    lineage.add([hunk(4, 1, 4, 1)]); // older: changed its line 4 → today's 5
    lineage.add([hunk(2, 1, 2, 1)]); // older still: changed its line 2 → today's 2
    lineage.add([hunk(1, 0, 2, 3)]); // oldest: added lines 2-4 → today's 2-5
    expect(lineage.commits).toEqual([[[3, 3]], [[5, 5]], [[2, 2]], [[2, 5]]]);
    const gone = new FileLineage();
    gone.add([hunk(3, 2, 2, 0)]); // newest: removed lines 3-4
    gone.add([hunk(3, 0, 4, 1)]); // older: added line 4, removed since
    expect(gone.commits).toEqual([[[2, 2]], []]);
  });
});

describe('HunkReader', () => {
  it("reads hunks per today's file, follows renames, and never reads a changed line as a header", () => {
    const log = [
      'C\t3333',
      '',
      'diff --git a/new name.ts b/new name.ts',
      'index 1..2 100644',
      '--- a/new name.ts\t',
      '+++ b/new name.ts\t',
      '@@ -3,2 +3,2 @@ function f() {',
      '-+++ b/other.ts',
      '-diff --git a/x b/x',
      '+C\tnot a commit',
      '+@@ -1 +1 @@',
      'C\t2222',
      '',
      'diff --git a/old.ts b/new name.ts',
      'similarity index 90%',
      'rename from old.ts',
      'rename to "new name.ts"',
      '--- a/old.ts',
      '+++ "b/new name.ts"',
      '@@ -1 +1,2 @@',
      '-a',
      '+a',
      '+b',
      '\\ No newline at end of file',
      'C\t1111',
      '',
      'diff --git a/old.ts b/old.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/old.ts',
      '@@ -0,0 +1,3 @@',
      '+x',
      '+y',
      '+z',
    ];
    const reader = new HunkReader(new Set(['new name.ts']), 10);
    for (const line of log) reader.push(line);
    const lineages = reader.end();
    expect([...lineages.keys()]).toEqual(['new name.ts']);
    expect(lineages.get('new name.ts')!.commits).toEqual([[[3, 4]], [[1, 2]], [[1, 4]]]);
  });

  it("stops taking a file's commits at the cap and says when every file has them", () => {
    const reader = new HunkReader(new Set(['a.ts']), 1);
    for (const line of ['C\t2', 'diff --git a/a.ts b/a.ts', '+++ b/a.ts', '@@ -1 +1 @@', '-x', '+y']) reader.push(line);
    expect(reader.satisfied).toBe(false); // the file block is complete only at the next commit
    reader.push('C\t1');
    expect(reader.satisfied).toBe(true);
  });

  it('unquotes C-quoted paths, octal UTF-8 bytes included', () => {
    expect(unquotePath('"a\\tb\\303\\251.ts"')).toBe('a\tbé.ts');
    expect(unquotePath('plain.ts')).toBe('plain.ts');
  });
});

describe('the window', () => {
  const now = Date.UTC(2025, 5, 15, 13, 45, 10);
  it("takes dates and git's relative spans, counted from the start of today (UTC)", () => {
    expect(resolveSince(undefined, now)).toBe('2024-06-15T00:00:00Z');
    expect(resolveSince('6 months ago', now)).toBe('2024-12-15T00:00:00Z');
    expect(resolveSince('2.weeks.ago', now)).toBe('2025-06-01T00:00:00Z');
    expect(resolveSince('90 days', now)).toBe('2025-03-17T00:00:00Z');
    expect(resolveSince('2025-01-31', now)).toBe('2025-01-31T00:00:00Z');
    expect(resolveSince('2025-01-31T12:30:00+02:00', now)).toBe('2025-01-31T10:30:00Z');
  });
  it('refuses what git would only guess at, and the future', () => {
    for (const bad of ['6 mnths ago', 'yesterday', '2025-13-45', 'HEAD~3', '--all'])
      expect(() => resolveSince(bad, now), bad).toThrow(/INVALID|neither/);
    expect(() => resolveSince('2030-01-01', now)).toThrow(/future/);
  });
});

function head(path: string, cognitiveSum: number): FileHead {
  return { path, totals: { cognitiveSum } } as unknown as FileHead;
}

function fn(name: string, startLine: number, endLine: number, cognitive: number): FunctionMetrics {
  return { name, kind: 'function', startLine, endLine, cognitive } as FunctionMetrics;
}

describe('ranking', () => {
  it('scores normalised commits × normalised complexity over the listed files, highest first', () => {
    const history = {
      commits: 10,
      files: new Map([
        ['a.ts', { commits: 10, churn: 100, authors: 2 }],
        ['b.ts', { commits: 5, churn: 900, authors: 1 }],
        ['c.ts', { commits: 2, churn: 4, authors: 1 }],
        ['README.md', { commits: 7, churn: 7, authors: 3 }],
      ]),
      formerNames: new Map(),
    };
    const heads = [head('src/a.ts', 10), head('src/b.ts', 40), head('src/c.ts', 0), head('src/d.ts', 99)];
    const r = rankHotspots(heads, history, 'src', () => true, 'score');
    expect(r.rows.map((x) => [x.path, x.score])).toEqual([
      ['src/b.ts', 0.5],
      ['src/a.ts', 0.25],
      ['src/c.ts', 0],
    ]);
    expect([r.maxCommits, r.maxComplexity, r.changedNotAnalysed]).toEqual([10, 40, 1]);
    expect(rankHotspots(heads, history, 'src', () => true, 'churn').rows.map((x) => x.path)).toEqual([
      'src/b.ts',
      'src/a.ts',
      'src/c.ts',
    ]);
  });

  it('counts a change for the innermost function that holds it, and for every function it spans', () => {
    const fns = [fn('Outer', 1, 20, 1), fn('Outer.inner', 5, 10, 8), fn('other', 22, 30, 2)];
    expect(touchedFunctions(fns, [6, 7])).toEqual([1]);
    expect(touchedFunctions(fns, [3, 6])).toEqual([0, 1]);
    expect(touchedFunctions(fns, [19, 23])).toEqual([0, 2]);
    expect(touchedFunctions(fns, [20, 20])).toEqual([0]);
    expect(touchedFunctions(fns, [21, 21])).toEqual([]);
    const lineage = new FileLineage();
    lineage.add([{ start: 6, count: 1, newStart: 6, newCount: 1 }]);
    lineage.add([
      { start: 6, count: 1, newStart: 6, newCount: 1 },
      { start: 25, count: 1, newStart: 25, newCount: 1 },
    ]);
    expect(functionHotspots(fns, lineage, 5)).toEqual([
      { name: 'Outer.inner', kind: 'function', startLine: 5, endLine: 10, cognitive: 8, commits: 2, score: 1 },
      { name: 'other', kind: 'function', startLine: 22, endLine: 30, cognitive: 2, commits: 1, score: 0.125 },
    ]);
  });
});
