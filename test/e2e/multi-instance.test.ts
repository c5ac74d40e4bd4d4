import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, envelopeOf } from '../helpers/cli.js';
import { bigTree } from '../helpers/big-tree.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// Several server processes on one Redis behave as one server to their clients.

async function connect(server: ServerProcess): Promise<Client> {
  const client = new Client({ name: 'multi', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  return client;
}

describe('two and three instances on one Redis (--store redis)', () => {
  let redis: RedisServer;
  let big: string;
  const servers: ServerProcess[] = [];
  const clients: Client[] = [];

  const start = async (extra: string[] = []) => {
    const s = await startHttpServer([
      '--store',
      'redis',
      '--redis-url',
      redis.url,
      '--root',
      SAMPLE,
      '--root',
      big,
      '--engine',
      'wasm',
      ...extra,
    ]);
    servers.push(s);
    const c = await connect(s);
    clients.push(c);
    return { s, c };
  };
  const call = async (c: Client, name: string, args: Record<string, unknown>) =>
    envelopeOf(await c.callTool({ name, arguments: args }));

  beforeAll(async () => {
    redis = await startRedisServer();
    big = bigTree(1500);
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const s of servers) await s.stop('SIGKILL');
    await redis?.dispose();
  });

  it('a session created through one instance is used through another', async () => {
    const a = await start();
    const b = await start();
    const { data } = await call(a.c, 'session_create', { label: 'shared' });
    const onB = await call(b.c, 'analyze_complexity', { path: 'src', sessionId: data.sessionId });
    expect(onB.status.success).toBe(true);
    const seenFromA = await call(a.c, 'session_get', { sessionId: data.sessionId });
    expect(seenFromA.data.label).toBe('shared');
    expect(seenFromA.data.history.map((r: any) => r.tool)).toEqual(['analyze_complexity']);
    const info = await call(b.c, 'server_info', {});
    expect(info.data.store).toEqual({ kind: 'redis', healthy: true });
    expect(info.data.features.cacheTiers).toEqual(['memory', 'disk', 'content', 'redis']);
  });

  it('concurrent stateful calls on one session through three instances: history holds every one', async () => {
    while (clients.length < 3) await start();
    const { data } = await call(clients[0]!, 'session_create', {});
    const calls = Array.from({ length: 12 }, (_, i) =>
      call(clients[i % 3]!, 'analyze_complexity', { path: 'src', sessionId: data.sessionId }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status.success)).toBe(true);
    const got = await call(clients[1]!, 'session_get', { sessionId: data.sessionId, includeState: true });
    expect(got.data.history).toHaveLength(12);
    expect(got.data.state.analyze_complexity.runs.src).toBeDefined();
  });

  it('after kill -9 of an instance mid-execution, another closes the orphaned execution', async () => {
    const doomed = await start();
    const survivor = clients[0]!;
    const { data } = await call(survivor, 'session_create', {});
    void doomed.c
      .callTool({ name: 'analyze_complexity', arguments: { path: big, sessionId: data.sessionId } })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500)); // the execution is running, its lease stored
    await doomed.s.stop('SIGKILL');
    let closed: any;
    for (let i = 0; i < 60 && !closed; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const history = (await call(survivor, 'session_get', { sessionId: data.sessionId })).data.history as any[];
      closed = history.find((r) => r.tool === 'analyze_complexity');
    }
    expect(closed).toMatchObject({ state: 'failed', outcome: { code: 'INTERNAL' } });
    expect(closed.outcome.message).toContain('instance lost');
  });

  it('reports Redis going away (503, retryable STORE_UNAVAILABLE) and recovers by itself', async () => {
    const { s, c } = servers[0] ? { s: servers[0], c: clients[0]! } : await start();
    await redis.stop('SIGKILL');
    let ready = 200;
    for (let i = 0; i < 40 && ready === 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      ready = (await fetch(`${s.base}/readyz`)).status;
    }
    expect(ready).toBe(503);
    const down = await call(c, 'session_create', {});
    expect(down.status).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    const analysis = await call(c, 'analyze_structure', { path: 'src/a.ts' }); // needs no store
    expect(analysis.status.success).toBe(true);
    await redis.restart();
    let back = 503;
    for (let i = 0; i < 40 && back !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = (await fetch(`${s.base}/readyz`)).status;
    }
    expect(back).toBe(200);
    expect((await call(c, 'session_create', {})).status.success).toBe(true);
  });
});
