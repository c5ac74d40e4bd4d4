import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { CLI } from '../helpers/cli.js';
import { commit, git } from '../helpers/git-history.js';

// --all on a tree larger than one page can hold (the tools take at most 1,000 files a page):
// every file exactly once, as JSON Lines (one envelope per page) and as text; and the
// hotspots command on the same tree once it is a git repository.

const exec = promisify(execFile);
const FILES = 1_100;

async function cli(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, maxBuffer: 512 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function jsonLines(stdout: string): any[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Each name once, and how many there were. */
function once(names: string[]): { count: number; distinct: number } {
  return { count: names.length, distinct: new Set(names).size };
}

describe('--all: every page of a result', () => {
  let tree: string;
  let cache: string;
  const run = (args: string[]) => cli([...args, '--engine', 'native', '--cache-dir', cache], tree);

  beforeAll(() => {
    tree = bigTree(FILES);
    cache = mkdtempSync(join(tmpdir(), 'mca-all-cache-'));
    git(tree, ['init', '-q', '-b', 'main']);
    commit(tree, { author: 'Ann', date: '2024-03-01T10:00:00Z' });
  });
  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('complexity --all --json: one envelope per line, every file exactly once', { timeout: 240_000 }, async () => {
    const r = await run(['complexity', '.', '--all', '--json', '--limit', '300']);
    expect(r.code, r.stderr).toBe(0);
    const pages = jsonLines(r.stdout);
    expect(pages).toHaveLength(4);
    expect(pages.every((p) => p.status.success && p.metadata.tool === 'analyze_complexity')).toBe(true);
    expect(pages.at(-1).data.nextCursor).toBeUndefined();
    expect(once(pages.flatMap((p) => p.data.files.map((f: any) => f.path)))).toEqual({ count: FILES, distinct: FILES });
  });

  it(
    "complexity --all as text: each page's rows, every file once, the whole result's parts once",
    { timeout: 240_000 },
    async () => {
      const r = await run(['complexity', '.', '--all', '--limit', '400']);
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout.split('\n').flatMap((line) => /\s(pkg\d+\/m\d+\.ts)$/.exec(line)?.[1] ?? []);
      expect(once(rows)).toEqual({ count: FILES, distinct: FILES });
      expect(r.stdout.match(/^Top functions/gm)).toHaveLength(1);
      expect(r.stdout).not.toContain('Next page');
    },
  );

  it('structure, deps and hotspots --all --json: every file once', { timeout: 240_000 }, async () => {
    const structure = await run(['structure', '.', '--all', '--json']);
    expect(structure.code, structure.stderr).toBe(0);
    const structurePages = jsonLines(structure.stdout);
    expect(structurePages.length).toBe(2);
    expect(once(structurePages.flatMap((p) => p.data.files.map((f: any) => f.path)))).toEqual({
      count: FILES,
      distinct: FILES,
    });

    const deps = await run(['deps', '.', '--all', '--json']);
    expect(deps.code, deps.stderr).toBe(0);
    const depsPages = jsonLines(deps.stdout);
    expect(depsPages[0].data.detail).toBe('standard');
    expect(once(depsPages.flatMap((p) => p.data.nodes.map((n: any) => n.id)))).toEqual({
      count: FILES,
      distinct: FILES,
    });

    const hot = await run([
      'hotspots',
      '.',
      '--all',
      '--json',
      '--since',
      '2024-01-01',
      '--detail',
      'summary',
      '--limit',
      '500',
    ]);
    expect(hot.code, hot.stderr).toBe(0);
    const hotPages = jsonLines(hot.stdout);
    expect(hotPages).toHaveLength(3);
    expect(hotPages[0].data.summary).toMatchObject({ commits: 1, filesChanged: FILES });
    expect(once(hotPages.flatMap((p) => p.data.files.map((f: any) => f.path)))).toEqual({
      count: FILES,
      distinct: FILES,
    });
  });
});

describe('hotspots command', () => {
  it(
    'defaults its path to the working directory; outside a git working tree it exits 1 with the catalog error',
    { timeout: 120_000 },
    async () => {
      const plain = mkdtempSync(join(tmpdir(), 'mca-cli-nogit-'));
      try {
        writeFileSync(join(plain, 'a.ts'), 'export const a = 1;\n');
        const r = await cli(['hotspots', '--engine', 'wasm'], plain);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('NO_GIT_HISTORY');
        expect(r.stderr).toContain('what to do');
        const all = await cli(['hotspots', '--all', '--json', '--engine', 'wasm'], plain);
        expect(all.code).toBe(1);
        expect(jsonLines(all.stdout).map((e) => e.status.code)).toEqual(['NO_GIT_HISTORY']);
      } finally {
        rmSync(plain, { recursive: true, force: true });
      }
    },
  );
});
