import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, SAMPLE } from '../helpers/cli.js';

const exec = promisify(execFile);

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      cwd: options.cwd ?? SAMPLE,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('command line', () => {
  it('helps on every command and prints its version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'analyze', 'complexity', 'structure', 'deps', 'tools'])
      expect(help.stdout).toContain(cmd);
    const serveHelp = await cli(['serve', '--help']);
    expect(serveHelp.stdout).toContain('MCA_REDIS_URL');
    expect((await cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('analyze prints the summary report; --json the envelopes', async () => {
    const report = await cli(['analyze', '.', '--engine', 'wasm']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Top functions by cognitive complexity');
    expect(report.stdout).toContain('src/a.ts → src/b.ts');
    const json = JSON.parse((await cli(['analyze', '.', '--json', '--engine', 'wasm'])).stdout);
    expect(json.complexity.status.success).toBe(true);
    expect(json.dependencies.data.cycles).toHaveLength(1);
  });

  it("complexity, structure and deps print the tools' text blocks and bare renderings", async () => {
    // A file at detail standard: one row per function, cyclomatic first, the name last.
    expect((await cli(['complexity', 'src/a.ts', '--engine', 'wasm'])).stdout).toMatch(
      /^\s+5\s+.*Parser\.parse \(method\)$/m,
    );
    const summary = (await cli(['complexity', 'src', '--engine', 'wasm'])).stdout;
    expect(summary).toContain('Complexity (detail summary; files by cognitive)');
    expect(summary).toMatch(/Parser\.parse\s+src\/a\.ts:4/);
    expect((await cli(['structure', 'src', '--engine', 'wasm'])).stdout).toMatch(/^ {2}class Parser \d+-\d+ exported/m);
    expect((await cli(['structure', 'src/a.ts', '--detail', 'full', '--engine', 'wasm'])).stdout).toMatch(
      /^ {4}method parse \d+-\d+ exported: parse\(input: string\): number \{$/m,
    );
    const dot = (await cli(['deps', '.', '--format', 'dot', '--engine', 'wasm'])).stdout;
    expect(dot.startsWith('digraph')).toBe(true);
    expect(dot).toContain('"src/a.ts" -> "src/b.ts"');
    expect((await cli(['deps', '.', '--engine', 'wasm'])).stdout).toContain('Dependencies (detail summary)');
  });

  it('keeps per-file results on disk between runs: a second run parses nothing, an edit re-parses that file only', async () => {
    for (const engine of ['wasm', 'native']) {
      const tree = mkdtempSync(join(tmpdir(), 'mca-cli-tree-'));
      const cacheDir = mkdtempSync(join(tmpdir(), 'mca-cli-cache-'));
      try {
        cpSync(join(SAMPLE, 'src'), join(tree, 'src'), { recursive: true });
        const run = async (...extra: string[]) =>
          JSON.parse(
            (await cli(['complexity', tree, '--json', '--engine', engine, '--cache-dir', cacheDir, ...extra])).stdout,
          );
        const cold = await run();
        expect(cold.metadata.cache, engine).toMatchObject({ hits: 0, misses: 2 });
        const warm = await run();
        expect(warm.metadata.cache, engine).toEqual({
          hits: 2,
          misses: 0,
          tiers: { memory: 0, disk: 2, content: 0, redis: 0 },
        });
        expect(warm.data).toEqual(cold.data);
        writeFileSync(
          join(tree, 'src/b.ts'),
          'export function b(s: string): number {\n  return s.length > 2 ? 1 : 0;\n}\n',
        );
        expect((await run()).metadata.cache, engine).toMatchObject({ hits: 1, misses: 1 });
        expect((await run('--no-cache')).metadata.cache, engine).toMatchObject({ hits: 0, misses: 2 });
      } finally {
        rmSync(tree, { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
      }
    }
  });

  it('exits 1 with the error and its advice when the tool fails, 2 on bad configuration', async () => {
    const outside = await cli(['complexity', '/etc', '--root', '.', '--engine', 'wasm']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('PATH_OUTSIDE_ROOT');
    expect(outside.stderr).toContain('what to do');
    const bad = await cli(['analyze', '.', '--engine', 'turbo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--engine');
  });

  it('falls back to the WASM engine with one clear warning when the native addon is missing', async () => {
    const run = await cli(['complexity', 'src/a.ts', '--json'], { MCA_NATIVE_ADDON: '/nonexistent/addon.node' });
    expect(JSON.parse(run.stdout).metadata.engine).toBe('wasm');
    expect(run.stderr.match(/warning: native engine unavailable/g)).toHaveLength(1);
    const forced = await cli(['complexity', 'src/a.ts', '--engine', 'native'], {
      MCA_NATIVE_ADDON: '/nonexistent/addon.node',
    });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('--engine native');
  });

  it('analyses the path a person names, even outside the working directory, when no --root is given', async () => {
    const run = await cli(
      ['complexity', `${SAMPLE}/src/a.ts`, '--json', '--engine', 'wasm'],
      {},
      { cwd: mkdtempSync(join(tmpdir(), 'mca-cwd-')) },
    );
    expect(JSON.parse(run.stdout).data.files[0].path).toBe('a.ts');
  });

  it('lists the registry', async () => {
    const listing = JSON.parse((await cli(['tools', '--json'])).stdout);
    expect(listing.map((t: { name: string }) => t.name)).toContain('analyze_dependencies');
  });
});
