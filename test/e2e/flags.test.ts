import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { redisCli, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// Runtime feature flags on real server processes: set through the command line, in force on
// every instance without a restart (server_info shows them); the share of new sessions that
// land in Redis (sessions.redisPercent) measured by where 200 new sessions are; the preferred
// engine switched at run time; a server without Redis following its --flags-file.

const flagsCli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'flags', ...args], {
    encoding: 'utf8',
    env: { ...process.env, MCA_FLAGS_FILE: '', MCA_REDIS_URL: '' },
  });

async function connect(server: ServerProcess): Promise<Client> {
  const client = new Client({ name: 'flags-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  return client;
}

/**
 * One tool call. A request sent on a kept-alive socket that the server closed while the test
 * waited for a CLI process (5 s idle on a loaded machine) fails before the server reads it
 * ("other side closed"): sent once more, on a new socket. Nothing else is retried.
 */
async function call(c: Client, name: string, args: Record<string, unknown> = {}) {
  try {
    return envelopeOf(await c.callTool({ name, arguments: args }));
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return envelopeOf(await c.callTool({ name, arguments: args }));
  }
}

/** Polls server_info until the condition holds (bounded: never a fixed sleep). */
async function untilInfo(c: Client, check: (data: any) => boolean, what: string, ms = 10_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { data } = await call(c, 'server_info');
    if (check(data)) return data;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(data.features.flags)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sessionKeys = (redis: RedisServer) =>
  Number(redisCli(redis.port, 'EVAL', "return #redis.call('KEYS', ARGV[1])", '0', 'mca:{s:*}:meta'));

describe('runtime flags on two instances on one Redis', () => {
  let redis: RedisServer;
  const servers: ServerProcess[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      const s = await startHttpServer([
        '--store',
        'redis',
        '--redis-url',
        redis.url,
        '--root',
        SAMPLE,
        '--engine',
        'auto',
        '--no-cache',
      ]);
      servers.push(s);
      clients.push(await connect(s));
    }
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const s of servers) await s.stop('SIGKILL');
    await redis?.dispose();
  });

  it('flags set through the CLI are in force on both instances; server_info shows them and the capabilities', async () => {
    const [a, b] = clients as [Client, Client];
    const before = (await call(a, 'server_info')).data.features;
    expect(before.flags).toMatchObject({
      source: 'redis',
      values: { 'sessions.redisPercent': 100, 'engine.shadowPercent': 0, 'engine.preferred': 'auto' },
      set: [],
    });
    expect(before.capabilities).toMatchObject({
      redis: { available: true },
      fleet: { available: true },
      redisCluster: { available: false, reason: expect.stringMatching(/--redis-cluster/) },
      batch: { available: true },
      flags: { available: true },
    });
    // The fields features had before stay.
    expect(before.cacheTiers).toEqual(['memory', 'content', 'redis']);

    const set = flagsCli('set', 'engine.shadowPercent', '25', '--redis-url', redis.url);
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(/engine\.shadowPercent = 25 in redis hash mca:\{flags\}/);
    for (const c of [a, b])
      await untilInfo(c, (d) => d.features.flags.values['engine.shadowPercent'] === 25, 'shadowPercent 25');

    const got = flagsCli('get', '--redis-url', redis.url, '--json');
    expect(JSON.parse(got.stdout).flags.find((f: any) => f.name === 'engine.shadowPercent')).toMatchObject({
      value: 25,
      set: true,
    });
    expect(flagsCli('unset', 'engine.shadowPercent', '--redis-url', redis.url).status).toBe(0);
    for (const c of [a, b])
      await untilInfo(c, (d) => d.features.flags.values['engine.shadowPercent'] === 0, 'shadowPercent back to 0');
  });

  it('the CLI refuses unknown flags and bad values with what to do, and writes nothing', () => {
    const unknown = flagsCli('set', 'sessions.redisPercentage', '5', '--redis-url', redis.url);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(
      /Unknown flag "sessions\.redisPercentage" \(did you mean sessions\.redisPercent\?\)/,
    );
    const bad = flagsCli('set', 'sessions.redisPercent', '150', '--redis-url', redis.url);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Invalid value "150" for sessions\.redisPercent: expected a number from 0 to 100/);
    expect(redisCli(redis.port, 'HLEN', 'mca:{flags}')).toBe('0');
    const nowhere = flagsCli('get');
    expect(nowhere.status).not.toBe(0);
    expect(nowhere.stderr).toMatch(/Give --redis-url URL .* or --flags-file FILE/);
  });

  it('sessions.redisPercent 100 / 0 / 50: where 200 new sessions land', async () => {
    const [a, b] = clients as [Client, Client];
    const landing = async (percent: number) => {
      expect(flagsCli('set', 'sessions.redisPercent', String(percent), '--redis-url', redis.url).status).toBe(0);
      await untilInfo(
        a,
        (d) => d.features.flags.values['sessions.redisPercent'] === percent,
        `redisPercent ${percent}`,
      );
      const keysBefore = sessionKeys(redis);
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) ids.push((await call(a, 'session_create', {})).data.sessionId);
      const inMemory = ids.filter((id) => id[14] === '8');
      return {
        inRedis: sessionKeys(redis) - keysBefore,
        inMemory: inMemory.length,
        v4: ids.filter((id) => id[14] === '4').length,
        sample: { redis: ids.find((id) => id[14] === '4'), memory: inMemory[0] },
      };
    };

    const all = await landing(100);
    expect(all).toMatchObject({ inRedis: 200, inMemory: 0, v4: 200 });
    const none = await landing(0);
    expect(none).toMatchObject({ inRedis: 0, inMemory: 200, v4: 0 });
    const half = await landing(50);
    expect(half.inRedis).toBe(half.v4);
    expect(half.inRedis + half.inMemory).toBe(200);
    expect(half.inRedis).toBeGreaterThan(0);
    expect(half.inMemory).toBeGreaterThan(0);

    // A Redis session serves on any instance; a memory session on the instance that made it.
    expect((await call(b, 'analyze_complexity', { path: 'src', sessionId: half.sample.redis })).status.success).toBe(
      true,
    );
    expect((await call(a, 'analyze_complexity', { path: 'src', sessionId: half.sample.memory })).status.success).toBe(
      true,
    );
    expect((await call(b, 'session_get', { sessionId: half.sample.memory })).status.code).toBe('SESSION_NOT_FOUND');
    const routing = (await call(a, 'server_info')).data.features.sessionRouting;
    expect(routing.created).toEqual({ redis: 200 + half.inRedis, memory: 200 + half.inMemory });
    expect(flagsCli('unset', 'sessions.redisPercent', '--redis-url', redis.url).status).toBe(0);
  }, 120_000);

  it('engine.preferred switches the engine of new analyses at run time', async () => {
    const [a, b] = clients as [Client, Client];
    const native = (await call(a, 'analyze_complexity', { path: 'src' })).metadata.engine;
    expect(native).toBe('native');
    expect(flagsCli('set', 'engine.preferred', 'wasm', '--redis-url', redis.url).status).toBe(0);
    for (const c of [a, b]) await untilInfo(c, (d) => d.engine === 'wasm', 'wasm selected');
    expect((await call(b, 'analyze_complexity', { path: 'src' })).metadata.engine).toBe('wasm');
    expect(flagsCli('unset', 'engine.preferred', '--redis-url', redis.url).status).toBe(0);
    await untilInfo(a, (d) => d.engine === 'native', 'native again');
  });
});

describe('runtime flags of a server without Redis (--flags-file)', () => {
  let dir: string;
  let server: ServerProcess;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mca-flags-e2e-'));
    writeFileSync(join(dir, 'flags.json'), JSON.stringify({ 'engine.shadowPercent': 5 }));
    server = await startHttpServer(['--flags-file', join(dir, 'flags.json'), '--root', SAMPLE, '--no-cache']);
    client = await connect(server);
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the file at start, follows edits (by hand or flags set) and ignores an invalid value', async () => {
    const info = await untilInfo(
      client,
      (d) => d.features.flags.values['engine.shadowPercent'] === 5,
      'the file read at start',
    );
    expect(info.features.flags).toMatchObject({ source: 'file', where: join(dir, 'flags.json') });
    expect(info.features.capabilities.redis).toEqual({
      available: false,
      reason: expect.stringMatching(/--store memory/),
    });

    writeFileSync(join(dir, 'flags.json'), JSON.stringify({ 'engine.shadowPercent': 50, 'engine.preferred': 'turbo' }));
    const edited = await untilInfo(
      client,
      (d) => d.features.flags.values['engine.shadowPercent'] === 50,
      'the edited file',
    );
    expect(edited.features.flags.ignored).toEqual({
      'engine.preferred': 'invalid value "turbo": expected auto, native or wasm',
    });

    expect(flagsCli('set', 'engine.shadowPercent', '0', '--flags-file', join(dir, 'flags.json')).status).toBe(0);
    await untilInfo(client, (d) => d.features.flags.values['engine.shadowPercent'] === 0, 'flags set on the file');
  });
});
