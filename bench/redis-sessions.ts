// Session store benchmark: get/update latency (p50, p99) and ops/s, memory vs Redis, then how
// many live sessions one Redis holds while p99 stays under 5 ms.
//   npx tsx bench/redis-sessions.ts [--sessions 100000] [--ops 20000] [--concurrency 16] [--redis-url URL]
// Without --redis-url it starts its own redis-server on a free loopback port.
import { parseArgs } from 'node:util';
import { MemorySessionStore } from '../src/session/memory-store.js';
import { RedisSessionStore } from '../src/session/redis-store.js';
import type { SessionStore } from '../src/session/types.js';
import { makeRecord } from '../test/contract/contract-helpers.js';
import { redisCli, startRedisServer } from '../test/helpers/redis-server.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100000' },
    ops: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    'redis-url': { type: 'string' },
  },
});
const SESSIONS = Number(values.sessions);
const OPS = Number(values.ops);
const CONCURRENCY = Number(values.concurrency);

const STATE = {
  analyze_project: { root: 'src', files: Array.from({ length: 12 }, (_, i) => `src/module/file-${i}.ts`), score: 17 },
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `ops` calls with `concurrency` in flight; latency of each call, and overall ops/s. */
async function measure(ops: number, concurrency: number, call: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const f = (n: number) => Math.round(n * 1000) / 1000;
  return { p50: f(pct(latencies, 50)), p99: f(pct(latencies, 99)), opsPerSec: Math.round(ops / seconds) };
}

async function fill(store: SessionStore, count: number): Promise<string[]> {
  const ids: string[] = new Array(count);
  await measure(count, 64, async (i) => {
    const s = await store.create({ label: `bench-${i}`, ttlMs: 3_600_000 });
    await store.update(s.id, s.version, {
      state: STATE,
      appendHistory: [makeRecord(i, s.id), makeRecord(i + 1, s.id)],
    });
    ids[i] = s.id;
  });
  return ids;
}

async function run(name: string, store: SessionStore, live: number) {
  const ids = await fill(store, live);
  const pick = (i: number) => ids[(i * 7919) % ids.length]!;
  const rows: Record<string, unknown> = {};
  for (const c of [1, CONCURRENCY]) {
    rows[`get c=${c}`] = await measure(OPS, c, (i) => store.get(pick(i)));
    // Retry on conflict: with concurrency two calls may hit one session at once.
    rows[`update c=${c}`] = await measure(OPS, c, async (i) => {
      for (;;) {
        const s = (await store.get(pick(i)))!;
        try {
          return await store.update(s.id, s.version, { state: { counter: i } });
        } catch (error) {
          if ((error as { code?: string }).code !== 'SESSION_CONFLICT') throw error;
        }
      }
    });
  }
  console.log(`\n${name}: ${live} live sessions (update = get + update, as a stateful tool does)`);
  console.table(rows);
}

const memory = new MemorySessionStore({ maxSessions: SESSIONS + 1000 });
await run('memory', memory, Math.min(SESSIONS, 10_000));
await memory.close(); // its sessions would otherwise weigh on the GC during the Redis runs

const server = values['redis-url'] ? undefined : await startRedisServer();
const url = values['redis-url'] ?? server!.url;
const redis = await RedisSessionStore.connect({ url });
try {
  for (const live of [10_000, SESSIONS]) {
    if (live > SESSIONS) continue;
    if (server) redisCli(server.port, 'FLUSHALL');
    await run('redis', redis, live);
    if (server)
      console.log(`redis used_memory: ${/used_memory_human:(\S+)/.exec(redisCli(server.port, 'INFO', 'memory'))?.[1]}`);
  }
} finally {
  await redis.close();
  await server?.dispose();
}
