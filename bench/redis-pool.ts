// One pipelined connection against node-redis's client pool (createClientPool), on both
// stores' hot paths with 16 concurrent callers, over plain TCP and over TLS:
//   session: lock → get → update with the fencing token → release (what a stateful tool call does)
//   cache:   a get from the shared Redis tier of the per-file results (a ~4 KB entry)
// Each row: calls/s, p50/p99 of one call, client CPU and redis-server CPU per call. Modes run
// alternately, best of --rounds, so the machine's other load hits each the same way.
//   npx tsx bench/redis-pool.ts [--seconds 3] [--rounds 3] [--concurrency 16] [--pools 4,16]
// Starts its own redis-servers (plain, and TLS with requirepass and a client certificate).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { RedisCacheTier } from '../src/cache/redis-tier.js';
import { RedisConnection, type RedisConnectionOptions } from '../src/redis/index.js';
import { RedisSessionStore } from '../src/session/redis-store.js';
import { startRedisServer, type RedisServer } from '../test/helpers/redis-server.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    pools: { type: 'string', default: '4,16' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const POOLS = values.pools.split(',').map(Number);
const SESSIONS = 1000;
const ENTRIES = 1000;
const PASSWORD = 'bench-password';

/** A per-file result of a plausible size: 30 functions with their metrics (~4 KB of JSON). */
const RESULT = {
  path: 'src/module/file.ts',
  language: 'typescript',
  functions: Array.from({ length: 30 }, (_, i) => ({
    name: `function_${i}`,
    line: i * 10 + 1,
    endLine: i * 10 + 9,
    cyclomatic: i % 7,
    cognitive: i % 11,
    loc: 9,
    params: i % 4,
  })),
  imports: Array.from({ length: 12 }, (_, i) => `./dep-${i}.js`),
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function serverCpuSeconds(server: RedisServer): number {
  const info = server.cli('INFO', 'cpu');
  const sum = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return sum('used_cpu_user') + sum('used_cpu_sys');
}

/** `concurrency` callers, each calling `call(worker, i)` in a loop for `seconds`. */
async function measure(server: RedisServer, call: (worker: number, i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const cpu0 = process.cpuUsage();
  const server0 = serverCpuSeconds(server);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        await call(worker, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = serverCpuSeconds(server) - server0;
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  const r = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    'calls/s': Math.round(n / seconds),
    'p50 ms': r(pct(latencies, 50)),
    'p99 ms': r(pct(latencies, 99)),
    'client µs/call': r((cpu.user + cpu.system) / n, 1),
    'redis µs/call': r((serverCpu * 1e6) / n, 1),
  };
}

interface Mode {
  name: string;
  pool?: number;
}

async function runMode(server: RedisServer, base: RedisConnectionOptions, mode: Mode) {
  const pool = mode.pool ? { pool: mode.pool } : {};
  const connection = new RedisConnection({ ...base, ...pool, commandTimeoutMs: 5000 });
  if (!(await connection.connect(5000))) throw new Error(`${mode.name}: ${connection.refusal ?? 'Redis unreachable'}`);
  const sessions = new RedisSessionStore({ connection });
  const cache = new RedisCacheTier<typeof RESULT>({ connection, origin: 'bench' });
  try {
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) ids.push((await sessions.create({ label: `pool-${i}`, ttlMs: 600_000 })).id);
    for (let i = 0; i < ENTRIES; i++) await cache.set(`entry-${i}`, RESULT);
    // Each caller works on its own sessions, as calls on different sessions do: no lock waits.
    const session = async (worker: number, i: number) => {
      const id = ids[(worker + CONCURRENCY * i) % ids.length]!;
      const lock = await sessions.lock(id, { ttlMs: 10_000, waitMs: 5000 });
      try {
        const s = (await sessions.get(id))!;
        const state = { analyze_complexity: { last: i } };
        await sessions.update(id, s.version, { state, fencingToken: lock.fencingToken });
      } finally {
        await lock.release();
      }
    };
    const get = (worker: number, i: number) => cache.get(`entry-${(worker * 7919 + i) % ENTRIES}`);
    await measure(server, session); // warm-up: JIT, EVALSHA script cache, connections
    return { session: await measure(server, session), cache: await measure(server, get) };
  } finally {
    await sessions.close();
    await connection.close();
    server.cli('FLUSHALL');
  }
}

type Row = Awaited<ReturnType<typeof measure>>;

async function compare(label: string, server: RedisServer, base: RedisConnectionOptions) {
  const pools = POOLS.map((n) => ({ name: `pool of ${n}`, pool: n }));
  const modes: Mode[] = [{ name: 'one connection (pipelined)' }, ...pools];
  const best = new Map<string, Row>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of modes) {
      const result = await runMode(server, base, mode);
      for (const [path, row] of Object.entries(result)) {
        const key = `${path} · ${mode.name}`;
        const prev = best.get(key);
        if (!prev || row['calls/s'] > prev['calls/s']) best.set(key, row);
      }
    }
  }
  console.log(`\n${label}: ${CONCURRENCY} concurrent callers, ${SECONDS} s per row, best of ${ROUNDS}`);
  console.table(Object.fromEntries([...best.entries()].sort(([a], [b]) => a.localeCompare(b))));
}

console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const plain = await startRedisServer();
try {
  await compare('plain TCP', plain, { url: plain.url });
} finally {
  await plain.dispose();
}
const tls = await startRedisServer({ tls: true, password: PASSWORD });
try {
  const files = { ca: tls.tls!.ca, cert: tls.tls!.cert, key: tls.tls!.key };
  await compare('TLS + password', tls, { url: tls.url, password: PASSWORD, tls: files });
} finally {
  await tls.dispose();
}
console.log(
  `load average after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
