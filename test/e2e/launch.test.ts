import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, REPO, SAMPLE } from '../helpers/cli.js';

// The installed command (dist/bin/mcp-code-analysis.js) starts the bundled command line with V8's
// compiled code of an earlier run (src/cli/launch.ts). These runs say what the launcher did with
// the cache (MCA_COMPILE_CACHE_DEBUG=1) and check the answer is the same whatever it did, and the
// same as tsc's unbundled build gives.

const exec = promisify(execFile);
const UNBUNDLED = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mca-launch-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}, entry = CLI) {
  const base = { ...process.env };
  delete base.MCA_CACHE_DIR;
  const { stdout, stderr } = await exec(process.execPath, [entry, ...args], {
    env: { ...base, XDG_CACHE_HOME: home, MCA_COMPILE_CACHE_DEBUG: '1', ...env },
    cwd: SAMPLE,
  });
  const said = [...stderr.matchAll(/compile cache (\w+)/g)].map((m) => m[1]);
  return { stdout, said };
}

/** The compile cache files, by name. */
function cached(): string[] {
  const root = join(home, 'mcp-code-analysis', 'compile-cache');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)));
}

const bundle = join(REPO, 'dist', 'bin', 'mcp-code-analysis.cjs');
const buildId = () => {
  const { size, mtimeMs } = statSync(bundle);
  return `${size}-${Math.trunc(mtimeMs)}`;
};

describe('the installed command and its compile cache', () => {
  it('writes a cache on the first run of a command and uses it on the next, with the same answer', async () => {
    const first = await run(['--version']);
    expect(first.said).toEqual(['missing', 'written']);
    expect(cached().map((f) => f.split('/').pop())).toEqual([`${buildId()}.none.v8`]);
    const second = await run(['--version']);
    expect(second.said).toEqual(['used']);
    expect(second.stdout).toBe(first.stdout);
    // Another command has its own cache: what its runs compile.
    expect((await run(['tools'])).said).toEqual(['missing', 'written']);
    expect(cached()).toHaveLength(2);
  });

  it('replaces a corrupt cache and drops the caches of other builds', async () => {
    await run(['--version']);
    const [file] = cached();
    writeFileSync(file!, 'not V8 code');
    const stale = join(file!, '..', '1-2.none.v8');
    writeFileSync(stale, 'an older build');
    const rejected = await run(['--version']);
    expect(rejected.said).toEqual(['rejected', 'written']);
    expect(rejected.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(stale)).toBe(false);
    expect((await run(['--version'])).said).toEqual(['used']);
  });

  it('runs without a cache when told to, and writes none', async () => {
    const off = await run(['--version'], { MCA_COMPILE_CACHE: 'off' });
    expect(off.said).toEqual([]);
    expect(off.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cached()).toEqual([]);
  });

  it('answers an analysis as the unbundled build does, from a cache written by an analysis', async () => {
    const args = ['deps', '.', '--json', '--no-cache', '--engine', 'wasm'];
    const data = (stdout: string) => JSON.parse(stdout).data;
    const unbundled = await run(args, {}, UNBUNDLED);
    const cold = await run(args);
    const warm = await run(args);
    // A one-shot run tunes V8's heap during the analysis and must restore it, or V8 would reject
    // the code it cached at exit on the next run.
    expect([cold.said, warm.said]).toEqual([['missing', 'written'], ['used']]);
    expect(data(cold.stdout)).toEqual(data(unbundled.stdout));
    expect(data(warm.stdout)).toEqual(data(unbundled.stdout));
  });
});
