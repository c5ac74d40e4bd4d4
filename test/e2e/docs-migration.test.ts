import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { freePort, redisCli, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// docs/MIGRATION.md, run as written: every ```sh block in page order, against the built CLI
// (on PATH as `mcp-code-analysis`), a real redis-server and real server processes. The page's
// variables get this test's values (a throwaway Redis, free ports, temporary files); each step
// must exit 0, servers must start and stop gracefully, and after the steps that change
// something the test checks that it changed: sessions moved, flags in force on every instance,
// new sessions landing where the flag says, the moved sessions served after the rollback.

const DOC = join(REPO, 'docs', 'MIGRATION.md');

interface Block {
  kind: 'env' | 'run' | 'serve' | 'stop';
  name: string;
  body: string;
  /** The `## ` heading the block is under: one test per stage. */
  stage: string;
  line: number;
}

/** Every sh block of the page; a block without a `# test:` marker is an error (the page promises they all run). */
function readBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let stage = 'intro';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]!);
    if (heading) stage = heading[1]!;
    if (lines[i] !== '```sh') continue;
    const start = i;
    const body: string[] = [];
    while (lines[++i] !== '```') {
      if (i >= lines.length) throw new Error(`MIGRATION.md:${start + 1}: unclosed sh block`);
      body.push(lines[i]!);
    }
    const marker = /^# test: (env|run|serve|stop)(?: (\S+))?$/.exec(body[0] ?? '');
    if (!marker)
      throw new Error(
        `MIGRATION.md:${start + 1}: an sh block must start with "# test: env|run|serve|stop <name>", not ${JSON.stringify(body[0])}`,
      );
    blocks.push({
      kind: marker[1] as Block['kind'],
      name: marker[2] ?? 'env',
      body: body.slice(1).join('\n'),
      stage,
      line: start + 1,
    });
  }
  return blocks;
}

/** `export NAME=value  # comment` lines of an env block: the names the other blocks use. */
function envNames(block: Block): string[] {
  return block.body
    .split('\n')
    .map((l) => /^export ([A-Z_]+)=/.exec(l.trim())?.[1])
    .filter((n): n is string => Boolean(n));
}

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runShell(body: string, env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', body], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Served {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A serve step: `<command> & PID_X=$!`, started as the shell would, and waited on until it listens. */
async function serve(block: Block, env: NodeJS.ProcessEnv): Promise<{ pidVar: string; served: Served }> {
  const match = /^([^\n]*?)\s*&\s*(PID_[A-Z_]+)=\$!\s*$/.exec(block.body.trim());
  if (!match) throw new Error(`MIGRATION.md:${block.line}: a serve step is one command ending in "& PID_X=$!"`);
  const child = spawn('bash', ['-c', `exec ${match[1]}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${block.name} did not start within 30 s:\n${err}`)), 30_000);
    child.stderr!.on('data', () => {
      if (/listening on http:\/\/\S+/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`${block.name} exited with ${code}:\n${err}`)));
  });
  return { pidVar: match[2]!, served: { child, stderr: () => err, exited } };
}

// --- what the hooks use ---------------------------------------------------------------------

type Env = ReturnType<typeof envelopeOf>;

async function withClient<T>(
  port: string,
  body: (call: (name: string, args?: Record<string, unknown>) => Promise<Env>) => Promise<T>,
): Promise<T> {
  const client = new Client({ name: 'docs-migration', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  try {
    return await body(async (name, args = {}) => envelopeOf(await client.callTool({ name, arguments: args })));
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Polls server_info until the flag has the value on that instance (flags reach every instance within 2 s). */
async function untilFlag(port: string, flag: string, value: unknown): Promise<any> {
  return withClient(port, async (call) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { data } = await call('server_info');
      if (data.features.flags.values[flag] === value) return data;
      if (Date.now() > deadline)
        throw new Error(`instance on ${port}: ${flag} is ${data.features.flags.values[flag]}, not ${value}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}

/** Where n new sessions made through one instance live: Redis (UUID version 4) or its memory (version 8). */
async function newSessions(port: string, n: number): Promise<{ redis: string[]; memory: string[] }> {
  return withClient(port, async (call) => {
    const out = { redis: [] as string[], memory: [] as string[] };
    for (let i = 0; i < n; i++) {
      const id: string = (await call('session_create', { label: `docs-${i}` })).data.sessionId;
      if (id[14] === '4') out.redis.push(id);
      else if (id[14] === '8') out.memory.push(id);
      else throw new Error(`unexpected session id ${id}`);
    }
    return out;
  });
}

const sessionInRedis = (redis: RedisServer, id: string) => redisCli(redis.port, 'EXISTS', `mca:{s:${id}}:meta`) === '1';
const redisSessionIds = (redis: RedisServer) =>
  redisCli(redis.port, '--scan', '--pattern', 'mca:{s:*}:meta')
    .split('\n')
    .filter(Boolean)
    .map((k) => k.slice('mca:{s:'.length, -'}:meta'.length));
const snapshotIds = (file: string): string[] =>
  JSON.parse(readFileSync(file, 'utf8')).sessions.map((s: { id: string }) => s.id);

describe('docs/MIGRATION.md, every step run', () => {
  const blocks = readBlocks(readFileSync(DOC, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'mca-docs-migration-'));
  const running = new Map<string, Served>();
  let redis: RedisServer;
  let env: NodeJS.ProcessEnv;
  const values: Record<string, string> = {};
  /** What the steps made, for the checks of later steps. */
  const seen = { dev: [] as string[], devHistory: 0, redis: [] as string[] };

  const v = (name: string) => values[name]!;
  const sessionsOn = async (port: string, id: string) =>
    withClient(port, (call) => call('session_get', { sessionId: id }));
  const bothAt = async (flag: string, value: unknown) =>
    Promise.all([untilFlag(v('PORT_A'), flag, value), untilFlag(v('PORT_B'), flag, value)]);

  /** The checks after a step, by its name; a name the page no longer has fails the test. */
  const after: Record<string, (r: StepResult) => Promise<void> | void> = {
    'dev-analyze': (r) => {
      expect(r.stdout).toMatch(/^mcp-code-analysis report for /);
      expect(r.stdout).toMatch(/Files and functions by language/);
    },
    'dev-ready': async (r) => {
      expect(JSON.parse(r.stdout)).toMatchObject({ ready: true, store: { kind: 'memory', healthy: true } });
      // A developer's sessions, one of them with history, for the stages that move them.
      await withClient(v('PORT_A'), async (call) => {
        for (let i = 0; i < 3; i++) seen.dev.push((await call('session_create', { label: `dev-${i}` })).data.sessionId);
        expect((await call('analyze_complexity', { path: 'src', sessionId: seen.dev[0] })).status.success).toBe(true);
        seen.devHistory = (await call('session_get', { sessionId: seen.dev[0] })).data.historyLength;
      });
      expect(seen.devHistory).toBeGreaterThan(0);
    },
    'stop dev': () => expect(snapshotIds(v('SNAPSHOT'))).toEqual(expect.arrayContaining(seen.dev)),
    'test-redis': (r) => expect(r.stdout.trim()).toBe('PONG'),
    'test-import': (r) => {
      expect(
        readFileSync(join(v('WORK'), 'dev-sessions.jsonl'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(seen.dev.length);
      expect(r.stdout).toMatch(/"dryRun": true/);
      for (const id of seen.dev) expect(sessionInRedis(redis, id)).toBe(true);
    },
    'test-flag': () => expect(redisCli(redis.port, 'HGET', 'mca:{flags}', 'sessions.redisPercent')).toBe('50'),
    'test-fleet': async (r) => {
      expect(r.stdout).toMatch(/^2 instances$/m);
      expect(r.stdout).toMatch(/^sessions\.redisPercent\s+50\s+\(set\)$/m);
      await bothAt('sessions.redisPercent', 50);
      const made = await newSessions(v('PORT_A'), 100);
      expect(made.redis.length).toBeGreaterThan(0);
      expect(made.memory.length).toBeGreaterThan(0);
      // A Redis session through the other instance; a memory one only through its own.
      expect((await sessionsOn(v('PORT_B'), made.redis[0]!)).status.success).toBe(true);
      expect((await sessionsOn(v('PORT_B'), made.memory[0]!)).status.code).toBe('SESSION_NOT_FOUND');
      expect((await sessionsOn(v('PORT_A'), made.memory[0]!)).status.success).toBe(true);
      // The development sessions, moved, on both, with their history.
      for (const port of [v('PORT_A'), v('PORT_B')])
        expect((await sessionsOn(port, seen.dev[0]!)).data.historyLength).toBe(seen.devHistory);
    },
    'prod-start': () => {
      expect(redisCli(redis.port, 'HGET', 'mca:{flags}', 'sessions.redisPercent')).toBe('0');
      expect(redisCli(redis.port, 'HGET', 'mca:{flags}', 'engine.shadowPercent')).toBe('0');
    },
    'prod-ready': async (r) => {
      expect(r.stdout.match(/"ready":true/g)).toHaveLength(2);
      await bothAt('sessions.redisPercent', 0);
      const before = redisSessionIds(redis).length;
      const made = await newSessions(v('PORT_B'), 50);
      expect(made).toMatchObject({ redis: [] });
      expect(redisSessionIds(redis)).toHaveLength(before);
    },
    'prod-10': async () => {
      await bothAt('sessions.redisPercent', 10);
      const made = await newSessions(v('PORT_A'), 300);
      expect(made.redis.length).toBeGreaterThan(0);
      expect(made.memory.length).toBeGreaterThan(made.redis.length);
    },
    'prod-watch': (r) => {
      expect(r.stdout).toMatch(/^mca_store_healthy 1$/m);
      expect(r.stdout).toMatch(/^mca_breaker_state 0$/m);
      expect(r.stdout).toMatch(/^mca_tool_calls_total\{tool="session_create",code="OK"\} \d+$/m);
    },
    'prod-50': async () => {
      await bothAt('sessions.redisPercent', 50);
      const made = await newSessions(v('PORT_B'), 100);
      expect(made.redis.length).toBeGreaterThan(0);
      expect(made.memory.length).toBeGreaterThan(0);
    },
    'prod-100': async () => {
      await bothAt('sessions.redisPercent', 100);
      const made = await newSessions(v('PORT_A'), 50);
      expect(made.memory).toEqual([]);
      for (const id of made.redis) expect(sessionInRedis(redis, id)).toBe(true);
      expect((await sessionsOn(v('PORT_B'), made.redis[0]!)).status.success).toBe(true);
      seen.redis = made.redis;
    },
    'prod-shadow': async () => {
      await bothAt('engine.shadowPercent', 10);
    },
    'prod-shadow-watch': (r) => expect(r.stdout).toMatch(/^mca_shadow_comparisons_total\{result="mismatch"\} 0$/m),
    'prod-engine': async () => {
      const [info] = await bothAt('engine.preferred', 'native');
      await bothAt('engine.shadowPercent', 0);
      // Native where it loads (it falls back to WASM with a warning where it cannot).
      const expected = info.engines.native.available ? 'native' : 'wasm';
      for (const port of [v('PORT_A'), v('PORT_B')]) {
        await withClient(port, async (call) => {
          expect((await call('server_info')).data.engine).toBe(expected);
          expect((await call('analyze_complexity', { path: 'src' })).metadata.engine).toBe(expected);
        });
      }
    },
    'rollback-new': async () => {
      await bothAt('sessions.redisPercent', 0);
      expect((await newSessions(v('PORT_A'), 50)).redis).toEqual([]);
    },
    'rollback-move': (r) => {
      const inRedis = redisSessionIds(redis);
      expect(JSON.parse(r.stdout)).toMatchObject({ read: inRedis.length, imported: inRedis.length, rejected: [] });
      expect(snapshotIds(v('SNAPSHOT'))).toEqual(expect.arrayContaining([...inRedis, ...seen.dev, ...seen.redis]));
    },
    'serve rollback': async () => {
      await withClient(v('PORT_A'), async (call) => {
        expect((await call('server_info')).data.store.kind).toBe('memory');
        expect((await call('session_get', { sessionId: seen.dev[0] })).data.historyLength).toBe(seen.devHistory);
        for (const id of seen.redis.slice(0, 5))
          expect((await call('session_get', { sessionId: id })).status.success).toBe(true);
      });
    },
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // The installed command, as the page calls it.
    writeFileSync(join(bin, 'mcp-code-analysis'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'mcp-code-analysis'), 0o755);
    Object.assign(values, {
      REDIS_URL: redis.url,
      ROOT: SAMPLE,
      PORT_A: String(await freePort()),
      PORT_B: String(await freePort()),
      SNAPSHOT: join(dir, 'state', 'sessions.json'),
      WORK: join(dir, 'migration'),
    });
    // Nothing of the machine's configuration leaks in: only what the page's commands say.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MCA_')));
    env = { ...inherited, ...values, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  });

  afterAll(async () => {
    for (const s of running.values()) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks every sh block, names each step once, and sets exactly the variables this test provides', () => {
    const names = blocks
      .filter((b) => b.kind !== 'env')
      .map((b) => (b.kind === 'run' ? b.name : `${b.kind} ${b.name}`));
    expect(new Set(names).size).toBe(names.length);
    for (const hook of Object.keys(after))
      expect(names, `the check "${hook}" has no step in MIGRATION.md`).toContain(hook);
    const declared = blocks.filter((b) => b.kind === 'env').flatMap(envNames);
    expect(declared.sort()).toEqual(Object.keys(values).sort());
  });

  const stages = [...new Set(blocks.filter((b) => b.kind !== 'env').map((b) => b.stage))];
  for (const stage of stages) {
    it(`runs "${stage}"`, { timeout: 180_000 }, async () => {
      for (const block of blocks.filter((b) => b.stage === stage)) {
        const where = `MIGRATION.md:${block.line} (${block.name})`;
        if (block.kind === 'env') continue;
        if (block.kind === 'serve') {
          const { pidVar, served } = await serve(block, env);
          running.set(pidVar, served);
          env[pidVar] = String(served.child.pid);
          await after[`serve ${block.name}`]?.({ code: 0, stdout: '', stderr: served.stderr() });
          continue;
        }
        const result = await runShell(block.body, env);
        expect(result.code, `${where} exited ${result.code}:\n${result.stderr}`).toBe(0);
        if (block.kind === 'stop') {
          const pids = [...block.body.matchAll(/\$\{?(PID_[A-Z_]+)/g)].map((m) => m[1]!);
          expect(pids.length, `${where} stops no $PID_ variable`).toBeGreaterThan(0);
          for (const pidVar of pids) {
            const served = running.get(pidVar)!;
            expect(await served.exited, `${where}: ${pidVar} did not stop cleanly:\n${served.stderr()}`).toBe(0);
            running.delete(pidVar);
            delete env[pidVar];
          }
        }
        await after[block.kind === 'run' ? block.name : `${block.kind} ${block.name}`]?.(result);
      }
    });
  }

  it('left no server running', () => {
    expect([...running.keys()]).toEqual([]);
    expect(existsSync(v('SNAPSHOT'))).toBe(true);
  });
});
