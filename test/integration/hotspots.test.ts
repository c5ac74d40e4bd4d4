import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf } from '../helpers/cli.js';
import { commit, git, scriptedRepo, type Step } from '../helpers/git-history.js';

// hotspots on a repository with a scripted history (fixed authors and dates): commits, churn,
// authors, renames followed (names with braces and arrows included), merges not counted twice,
// deleted and non-code files left out, the changed functions mapped onto today's lines, the
// window, paging, and the errors. Both engines give the same answer.

const parse = (extra: string, bump: string) => `export function parse(input: string): number {
  let n = 0;${extra}
  for (const c of input) {
    if (c === 'a' || c === 'b') {
      n += ${bump};
    } else if (c === 'c') {
      n -= 1;
    }
  }
  return n;
}
`;
const format = (body: string) => `\nexport function format(n: number): string {\n  return ${body};\n}\n`;
const util = (k: number) =>
  `export function twice(x: number): number {\n  if (x > ${k}) {\n    return x * 2;\n  }\n  return 0;\n}\n\nexport function half(x: number): number {\n  return x / 2;\n}\n`;

// parse is lines 1-11, format 13-15; c4 inserts a line into parse, so today parse is 1-12 and format 14-16.
const STEPS: Step[] = [
  {
    author: 'Alice',
    date: '2024-01-01T10:00:00Z',
    write: {
      'src/core.ts': parse('', '1') + format('String(n)'),
      'src/util.ts': util(0),
      'src/gone.ts': 'export const g = 1;\n',
      'README.md': '# x\n',
    },
  },
  {
    author: 'Bob',
    date: '2024-01-02T10:00:00Z',
    write: {
      'src/core.ts': parse('', '2') + format('String(n)'),
      'src/a {b}.ts': 'export function w(x: number) {\n  return x ? 1 : 0;\n}\n',
    },
  },
  {
    author: 'Alice',
    date: '2024-01-03T10:00:00Z',
    rename: [['src/util.ts', 'src/helpers.ts']],
    write: { 'src/helpers.ts': util(1) },
  },
  {
    author: 'Carol',
    date: '2024-01-04T10:00:00Z',
    rename: [['src/a {b}.ts', 'src/a {c} => d.ts']],
    write: { 'src/core.ts': parse('\n  const max = 10;', '2') + format('String(n)'), 'src/helpers.ts': util(2) },
  },
  {
    author: 'Bob',
    date: '2024-01-05T10:00:00Z',
    remove: ['src/gone.ts'],
    write: {
      'src/core.ts': parse('\n  const max = 10;', '2') + format('`${n}`'),
      'README.md': '# y\n',
      'src/a {c} => d.ts': 'export function w(x: number) {\n  return x ? 2 : 0;\n}\n',
    },
  },
];

function addMerge(dir: string): void {
  // A side branch with Dave's change of core.ts, merged without fast-forward: counted once.
  const at = (date: string) => ({
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_AUTHOR_NAME: 'Alice',
    GIT_AUTHOR_EMAIL: 'a@x',
    GIT_COMMITTER_NAME: 'Alice',
    GIT_COMMITTER_EMAIL: 'a@x',
  });
  git(dir, ['checkout', '-q', '-b', 'side']);
  commit(dir, {
    author: 'Dave',
    date: '2024-01-06T10:00:00Z',
    write: { 'src/core.ts': parse('\n  const max = 11;', '2') + format('`${n}`') },
  });
  git(dir, ['checkout', '-q', 'main']);
  git(dir, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], at('2024-01-07T10:00:00Z'));
}

const OLD = '2020-01-01';

describe.each(['wasm', 'native'])('hotspots (%s engine)', (engine) => {
  const repo = scriptedRepo(STEPS);
  addMerge(repo.dir);
  const plain = mkdtempSync(join(tmpdir(), 'mca-nogit-'));
  writeFileSync(join(plain, 'a.ts'), 'export const a = 1;\n');
  const empty = scriptedRepo([]);
  writeFileSync(join(empty.dir, 'a.ts'), 'export const a = 1;\n');
  let h: Awaited<ReturnType<typeof linkedClient>>;

  beforeAll(async () => {
    h = await linkedClient({ roots: [repo.dir, plain, empty.dir], engine });
  });
  afterAll(async () => {
    await h?.close();
    repo.remove();
    empty.remove();
    rmSync(plain, { recursive: true, force: true });
  });

  const call = async (args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name: 'hotspots', arguments: args }));

  it('ranks files by normalised commits × normalised complexity, renames followed, merges and deleted files left out', async () => {
    const env = await call({ path: repo.dir, since: OLD, detail: 'summary' });
    expect(env.status.success, JSON.stringify(env.status)).toBe(true);
    expect(env.metadata.engine).toBe(engine);
    const d = env.data;
    expect(d.head).toBe(git(repo.dir, ['rev-parse', 'HEAD']).trim());
    expect(d.summary).toMatchObject({ commits: 6, filesChanged: 3, maxCommits: 5, changedNotAnalysed: 2 });
    const rows = Object.fromEntries(d.files.map((f: any) => [f.path, f]));
    expect(rows['src/core.ts']).toMatchObject({ commits: 5, authors: 4 });
    expect(rows['src/helpers.ts']).toMatchObject({ commits: 3, authors: 2 });
    expect(rows['src/a {c} => d.ts']).toMatchObject({ commits: 3, churn: 5, authors: 2 });
    const core = rows['src/core.ts'];
    expect(core.complexity).toBe(d.summary.maxComplexity);
    expect(core.score).toBe(1);
    expect(rows['src/helpers.ts'].score).toBeCloseTo(
      (3 / 5) * (rows['src/helpers.ts'].complexity / core.complexity),
      4,
    );
    expect(d.files[0].path).toBe('src/core.ts');
    expect(d.files.every((f: any) => f.functions === undefined)).toBe(true);
    expect(h.client && env.data.since).toBe('2020-01-01T00:00:00Z');
  });

  it("maps the recent commits' hunks onto today's functions of the top files", async () => {
    const d = (await call({ path: repo.dir, since: OLD })).data;
    expect(d.detail).toBe('standard');
    const core = d.files.find((f: any) => f.path === 'src/core.ts');
    expect(core.commitsRead).toBe(5);
    // parse: created (c1), changed by c2, c4 and Dave; format: created, changed by c5.
    expect(core.functions.map((f: any) => [f.name, f.startLine, f.endLine, f.commits])).toEqual([
      ['parse', 1, 12, 4],
      ['format', 14, 16, 2],
    ]);
    expect(core.functions[0].score).toBe(1);
  });

  it('reads only the window: since a date, and by default the last year', async () => {
    const d = (await call({ path: repo.dir, since: '2024-01-04', detail: 'summary' })).data;
    expect(d.summary.commits).toBe(3);
    expect(Object.fromEntries(d.files.map((f: any) => [f.path, f.commits]))).toEqual({
      'src/core.ts': 3,
      'src/helpers.ts': 1,
      'src/a {c} => d.ts': 2,
    });
    const all = (await call({ path: repo.dir })).data; // every commit here is older than a year
    expect(all.summary.commits).toBe(0);
    expect(all.files).toEqual([]);
  });

  it('narrows to a subdirectory, a file and filters; the text block says the same', async () => {
    const sub = await h.client.callTool({
      name: 'hotspots',
      arguments: { path: join(repo.dir, 'src'), since: OLD, exclude: ['**/helpers.ts'] },
    });
    const d = envelopeOf(sub).data;
    expect(d.files.map((f: any) => f.path).sort()).toEqual(['src/a {c} => d.ts', 'src/core.ts']);
    const text = (sub as any).content[0].text as string;
    expect(text).toMatch(/^Hotspots since 2020-01-01T00:00:00Z/m);
    expect(text).toMatch(/1\.0000\s+5\s+\d+\s+4\s+\d+\s+src\/core\.ts/);
    expect(text).toMatch(/parse \(function\)/);
    const one = (await call({ path: join(repo.dir, 'src/helpers.ts'), since: OLD })).data;
    expect(one.files.map((f: any) => [f.path, f.commits])).toEqual([['src/helpers.ts', 3]]);
  });

  it('pages by cursor: every file once, in the order of one big page', async () => {
    const whole = (await call({ path: repo.dir, since: OLD, detail: 'summary' })).data.files.map((f: any) => f.path);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const d = (await call({ path: repo.dir, since: OLD, detail: 'summary', limit: 1, ...(cursor ? { cursor } : {}) }))
        .data;
      seen.push(...d.files.map((f: any) => f.path));
      cursor = d.nextCursor;
      if (cursor) expect(d.truncated).toContain('Next page');
    } while (cursor);
    expect(seen).toEqual(whole);
  });

  it('answers NO_GIT_HISTORY outside a git working tree, an empty history in a repository without commits', async () => {
    const env = await call({ path: plain });
    expect(env.status).toMatchObject({ success: false, code: 'NO_GIT_HISTORY', retryable: false });
    expect(env.status.message).toContain('not inside a git working tree');
    const none = await call({ path: empty.dir });
    expect(none.status.success).toBe(true);
    expect(none.data).toMatchObject({ head: null, files: [], summary: { commits: 0 } });
  });

  it('refuses paths outside the roots and windows it cannot read', async () => {
    expect((await call({ path: '/etc' })).status.code).toBe('PATH_OUTSIDE_ROOT');
    const bad = await call({ path: repo.dir, since: 'last tuesday' });
    expect(bad.status.code).toBe('INVALID_ARGUMENT');
    expect(bad.status.message).toContain('since');
  });
});

describe('hotspots on a history dated from today', () => {
  const day = 86_400_000;
  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const repo = scriptedRepo([
    {
      author: 'Old',
      date: iso(400 * day),
      write: { 'a.ts': 'export function a(x: number) {\n  return x ? 1 : 0;\n}\n' },
    },
    {
      author: 'New',
      date: iso(10 * day),
      write: { 'a.ts': 'export function a(x: number) {\n  return x ? 2 : 0;\n}\n' },
    },
  ]);
  afterAll(() => repo.remove());

  it('reads the last year by default and a shorter span when asked', async () => {
    const h = await linkedClient({ roots: [repo.dir] });
    try {
      const year = envelopeOf(await h.client.callTool({ name: 'hotspots', arguments: { path: repo.dir } })).data;
      expect(year.files).toMatchObject([{ path: 'a.ts', commits: 1, authors: 1 }]);
      const week = envelopeOf(
        await h.client.callTool({ name: 'hotspots', arguments: { path: repo.dir, since: '1 week ago' } }),
      ).data;
      expect(week.files).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
