import { spawnSync } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/connection.js';
import { InstanceRegistration } from '../../src/server/fleet/liveness.js';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// Service discovery on one Redis: serving instances list each other (server_info.fleet and the
// `fleet` command); a killed one drops out when its heartbeat expires, a stopped one at once;
// instances running different versions are reported as version skew.

async function fleetSeenBy(server: ServerProcess): Promise<any> {
  const client = new Client({ name: 'discovery', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  try {
    return envelopeOf(await client.callTool({ name: 'server_info', arguments: {} })).data.fleet;
  } finally {
    await client.close();
  }
}

/** Polls until `ok` holds (bounded; the bound is the test's failure, not a timing assertion). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, tries = 100, everyMs = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}

const fleetCli = (redisUrl: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'fleet', '--redis-url', redisUrl, ...args], { encoding: 'utf8' });

describe('service discovery on one Redis', () => {
  let redis: RedisServer;
  const servers: ServerProcess[] = [];
  const start = async () => {
    const s = await startHttpServer([
      '--store',
      'redis',
      '--redis-url',
      redis.url,
      '--root',
      SAMPLE,
      '--engine',
      'wasm',
      '--log-level',
      'error',
    ]);
    servers.push(s);
    return s;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await redis?.dispose();
  });

  it('two instances list each other, with what they are; the fleet command lists them too', async () => {
    const a = await start();
    const b = await start();
    const seen = await until(
      () => fleetSeenBy(a),
      (f) => f.instances.length === 2,
    );
    expect(seen.instances.map((i: any) => i.url).sort()).toEqual([a.url, b.url].sort());
    for (const i of seen.instances) {
      expect(i).toMatchObject({
        version: expect.any(String),
        eras: ['2025', '2026-07-28'],
        engine: 'wasm',
        store: 'redis',
        transport: 'http',
        callsInFlight: expect.any(Number),
      });
      expect(Date.parse(i.lastHeartbeat)).toBeGreaterThan(0);
    }
    expect(seen.versions).toHaveLength(1);
    const fromB = await fleetSeenBy(b);
    expect(fromB.instanceId).not.toBe(seen.instanceId);
    expect(new Set(fromB.instances.map((i: any) => i.id))).toEqual(new Set(seen.instances.map((i: any) => i.id)));

    const listed = fleetCli(redis.url, '--json');
    expect(listed.status, listed.stderr).toBe(0);
    expect(
      JSON.parse(listed.stdout)
        .instances.map((i: any) => i.url)
        .sort(),
    ).toEqual([a.url, b.url].sort());
    const text = fleetCli(redis.url);
    expect(text.stdout).toContain(a.url);
    expect(text.stdout).toContain('2 instances');
  });

  it('a kill -9 instance drops out when its heartbeat expires; a stopped one at once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const c = await start();
    await until(
      () => fleetSeenBy(a),
      (f) => f.instances.length === 3,
    );
    await b.stop('SIGKILL');
    const afterKill = await until(
      () => fleetSeenBy(a),
      (f) => f.instances.length === 2,
      100, // 20 s at most: the registration lives 6 s after the last heartbeat
    );
    expect(afterKill.instances.map((i: any) => i.url).sort()).toEqual([a.url, c.url].sort());
    expect(await c.stop('SIGTERM')).toBe(0);
    // A clean stop deregisters before the process exits: no waiting.
    expect((await fleetSeenBy(a)).instances.map((i: any) => i.url)).toEqual([a.url]);
  });

  it('instances of different versions are reported as version skew', async () => {
    const connection = new RedisConnection({ url: redis.url });
    await connection.connect();
    const old = new InstanceRegistration(connection, 'old-instance', () => ({
      id: 'old-instance',
      version: '0.0.1-old',
      eras: ['2025'],
      engine: 'wasm',
      store: 'redis',
      transport: 'http',
      pid: 1,
      host: 'elsewhere',
      startedAt: new Date(0).toISOString(),
      callsInFlight: 0,
    }));
    try {
      await old.beat();
      const listed = fleetCli(redis.url, '--json');
      expect(listed.status).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({ skew: true, versions: expect.arrayContaining(['0.0.1-old']) });
      expect(listed.stderr).toMatch(/warning: version skew in the fleet: .*0\.0\.1-old \(1\)/);
      expect((await fleetSeenBy(servers[0]!)).versions).toContain('0.0.1-old');
    } finally {
      await old.stop();
      await connection.close();
    }
  });

  it('a Redis that is not there is a clear error', () => {
    const res = fleetCli('redis://127.0.0.1:1');
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('not reachable');
  });
});
