import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalProblems } from '../../src/cli/batch-input.js';
import { linkedClient } from '../helpers/app.js';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// `mcp-code-analysis batch`: the built CLI as a real process over test/fixtures/sample. With
// the memory store the process runs its jobs itself; with --store redis a server does.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: SAMPLE, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

const job = (tool: string, args: Record<string, unknown>) => JSON.stringify({ tool, args });

/** Four analyses; a comment and a blank line, so line numbers and job indexes differ. */
const GOOD = [
  '# the sample tree',
  job('analyze_complexity', { path: 'src/a.ts' }),
  '',
  job('analyze_structure', { path: 'src' }),
  job('analyze_dependencies', { path: '.' }),
  job('symbol_at', { path: 'src/a.ts', line: 6 }),
].join('\n');

describe('batch command (memory store: this process runs the jobs)', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mca-cli-batch-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a row per job with its line, and a summary; exit 0 when every job succeeded', async () => {
    const run = await cli(['batch', file('good.jsonl', GOOD), '--engine', 'wasm']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^line\s+tool\s+path\s+status\s+facts$/);
    expect(rows.slice(1, 5).map((r) => r.trim().split(/\s+/).slice(0, 4))).toEqual([
      ['2', 'analyze_complexity', 'src/a.ts', 'OK'],
      ['4', 'analyze_structure', 'src', 'OK'],
      ['5', 'analyze_dependencies', '.', 'OK'],
      ['6', 'symbol_at', 'src/a.ts', 'OK'],
    ]);
    expect(rows[1]).toContain('1 file, 1 function, cognitive sum 7; worst Parser.parse (cognitive 7)');
    expect(rows[3]).toContain('1 cycle');
    expect(rows[5]).toBe('completed: 4 jobs, 4 succeeded, 0 failed, 0 cancelled');
  });

  it('--json: one line per result, equal to the direct command; a summary line last', async () => {
    const run = await cli(['batch', file('good.jsonl', GOOD), '--engine', 'wasm', '--json']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => [l.line, l.index, l.tool])).toEqual([
      [2, 0, 'analyze_complexity'],
      [4, 1, 'analyze_structure'],
      [5, 2, 'analyze_dependencies'],
      [6, 3, 'symbol_at'],
      [undefined, undefined, undefined],
    ]);
    const direct = async (...args: string[]) =>
      JSON.parse((await cli([...args, '--engine', 'wasm', '--json'])).stdout) as { status: unknown; data: unknown };
    for (const [result, args] of [
      [lines[0], ['complexity', 'src/a.ts']],
      [lines[1], ['structure', 'src']],
      [lines[2], ['deps', '.']],
    ] as const) {
      const answer = await direct(...args);
      expect({ status: result.status, data: result.data }, args.join(' ')).toEqual({
        status: answer.status,
        data: answer.data,
      });
    }
    expect(lines[3].data.chain.map((s: any) => s.name)).toEqual(['Parser', 'parse']);
    expect(lines[4]).toEqual({
      batchId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      state: 'completed',
      total: 4,
      counts: { queued: 0, running: 0, completed: 4, failed: 0, cancelled: 0 },
    });
  });

  it('reads the jobs from stdin with -', async () => {
    const run = await cli(['batch', '-', '--engine', 'wasm', '--json'], GOOD);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.slice(0, 4).map((l) => [l.line, l.status.code])).toEqual([
      [2, 'OK'],
      [4, 'OK'],
      [5, 'OK'],
      [6, 'OK'],
    ]);
    expect(lines[4].state).toBe('completed');
  });

  it('a job that fails is shown with its code; exit 1', async () => {
    const jobs = [job('analyze_complexity', { path: 'src/b.ts' }), job('analyze_complexity', { path: 'no/such.ts' })];
    const path = file('failing.jsonl', jobs.join('\n'));
    const text = await cli(['batch', path, '--engine', 'wasm']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^\s+2\s+analyze_complexity\s+no\/such\.ts\s+PATH_NOT_FOUND\s+No such file/m);
    expect(text.stdout).toContain('completed: 2 jobs, 1 succeeded, 1 failed, 0 cancelled');
    const json = await cli(['batch', path, '--engine', 'wasm', '--json']);
    expect(json.code).toBe(1);
    const lines = jsonLines(json.stdout);
    expect(lines[1]).toMatchObject({ line: 2, status: { success: false, code: 'PATH_NOT_FOUND' }, data: null });
    expect(lines[2].counts).toMatchObject({ completed: 1, failed: 1 });
  });

  /** A cache directory no job has run against is never made: proof that nothing ran. */
  const untouched = () => {
    const cache = join(dir, `cache-${Math.random().toString(36).slice(2)}`);
    return { args: ['--cache-dir', cache], ran: () => existsSync(cache) };
  };

  it('a bad line (invalid JSON at line 3): exit 2, the message names line 3, nothing runs', async () => {
    const path = file(
      'bad-json.jsonl',
      [job('analyze_complexity', { path: 'src' }), '', '{"tool": "x", ', ''].join('\n'),
    );
    const cache = untouched();
    const run = await cli(['batch', path, '--engine', 'wasm', ...cache.args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path}:3: invalid JSON`);
    expect(run.stderr).toContain('nothing was submitted');
    expect(run.stderr).not.toMatch(/:1:/);
    expect(cache.ran()).toBe(false);
    // Its control: the same cache directory is made once a job runs.
    expect(
      (await cli(['batch', file('one.jsonl', job('analyze_complexity', { path: 'src' })), ...cache.args])).code,
    ).toBe(0);
    expect(cache.ran()).toBe(true);
  });

  it('every malformed line is reported: not a job object, args not an object, no tool', async () => {
    const path = file(
      'shapes.jsonl',
      ['[1]', job('analyze_complexity', {}), '{"tool":"hotspots","args":[]}', '{}'].join('\n'),
    );
    const run = await cli(['batch', path]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${path}:1: a job is a JSON object: {"tool": "analyze_complexity", "args": {"path": "src"}}`,
      `${path}:3: "args" is not an object`,
      `${path}:4: "tool" is missing or not a non-empty string`,
      'mcp-code-analysis batch: nothing was submitted',
    ]);
  });

  it('an invalid argument of the job at line 5: exit 2, the message names line 5, nothing runs', async () => {
    const lines = [
      job('analyze_complexity', { path: 'src' }),
      '# a comment',
      job('analyze_structure', { path: 'src' }),
      '',
      job('analyze_complexity', { path: 'src', limt: 5 }),
      job('session_list', {}),
    ];
    const cache = untouched();
    const run = await cli(['batch', file('bad-args.jsonl', lines.join('\n')), '--engine', 'wasm', ...cache.args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /bad-args\.jsonl:5: analyze_complexity: Invalid arguments: unknown argument "limt"\. Did you mean "limit"\?/,
    );
    expect(run.stderr).toContain('bad-args.jsonl:6: session_list cannot be a batch job');
    expect(cache.ran()).toBe(false);
  });

  it("maps batch_submit's own refusals (details.index, schema paths jobs.N) to lines", async () => {
    const h = await linkedClient({}, { batchWorker: false });
    try {
      const submit = async (jobs: unknown[]) =>
        envelopeOf(await h.client.callTool({ name: 'batch_submit', arguments: { jobs } })).status;
      const lines = [1, 4, 5, 9];
      const good = { tool: 'analyze_complexity', args: { path: 'src' } };
      const unknownTool = await submit([good, good, { tool: 'no_such_tool', args: {} }, good]);
      expect(unknownTool.code).toBe('NOT_FOUND');
      expect(refusalProblems(unknownTool, lines)).toEqual([
        { line: 5, message: 'no_such_tool: No tool named no_such_tool; discover_tools lists them.' },
      ]);
      const badArgs = await submit([good, good, good, { tool: 'analyze_complexity', args: { path: 'src', limit: 0 } }]);
      expect(badArgs.code).toBe('INVALID_ARGUMENT');
      expect(refusalProblems(badArgs, lines)).toEqual([
        { line: 9, message: expect.stringMatching(/^analyze_complexity: Invalid arguments: limit: /) },
      ]);
      const badShape = await submit([good, { tool: 'x'.repeat(65), args: {} }]);
      expect(badShape.code).toBe('INVALID_ARGUMENT');
      expect(refusalProblems(badShape, lines)).toEqual([{ line: 4, message: expect.stringMatching(/^tool: /) }]);
    } finally {
      await h.close();
    }
  });

  it('--help shows a jobs line and the exit codes; usage errors are exit 2', async () => {
    const help = await cli(['batch', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('{"tool": "analyze_complexity", "args": {"path": "packages/api"}}');
    expect(help.stdout).toMatch(/Exit status: 0 every job succeeded; 1 a job failed or was cancelled/);
    expect(help.stdout).toContain('--wait is implied');
    expect((await cli(['batch'])).code).toBe(2);
    const missing = await cli(['batch', join(dir, 'absent.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect((await cli(['batch', '-'], '# only a comment\n\n')).stderr).toContain('no jobs');
  });
});

describe('batch command with --store redis: a server runs the jobs', () => {
  let redis: RedisServer;
  let server: ServerProcess;
  const store = () => ['--store', 'redis', '--redis-url', redis.url];
  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startHttpServer([...store(), '--root', SAMPLE, '--engine', 'wasm', '--log-level', 'error']);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await redis?.dispose();
  });

  it('without --wait prints the batch id and total; with --wait the results, as in one process', async () => {
    const jobs = [GOOD, job('analyze_complexity', { path: 'no/such.ts' })].join('\n');
    const submitted = await cli(['batch', '-', ...store(), '--json'], jobs);
    expect(submitted.code).toBe(0);
    expect(JSON.parse(submitted.stdout)).toEqual({
      batchId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      total: 5,
      expiresAt: expect.any(String),
    });
    expect((await cli(['batch', '-', ...store()], jobs)).stdout).toMatch(/^batch [A-Za-z0-9_-]{22}: 5 jobs submitted/);

    const fleet = await cli(['batch', '-', ...store(), '--wait', '--json'], jobs);
    expect(fleet.code).toBe(1);
    const local = await cli(['batch', '-', '--engine', 'wasm', '--json'], jobs);
    expect(local.code).toBe(1);
    const comparable = (text: string) =>
      jsonLines(text).map((l) =>
        l.batchId ? { state: l.state, counts: l.counts } : { line: l.line, status: l.status, data: l.data },
      );
    expect(comparable(fleet.stdout)).toEqual(comparable(local.stdout));
    expect(jsonLines(fleet.stdout)[0].instanceId).not.toBe(jsonLines(local.stdout)[0].instanceId);
    const text = await cli(['batch', '-', ...store(), '--wait'], jobs);
    expect(text.stdout).toMatch(/^completed: 5 jobs, 4 succeeded, 1 failed, 0 cancelled \(batch [A-Za-z0-9_-]{22}\)$/m);
  });
});
