// tools/call throughput over Streamable HTTP: a repeated analysis of this repository's src/
// (about 170 files, every file unchanged: served from the per-file results) next to server_info
// on the same server; then a cached analysis of the small sample on one instance on the memory
// store and on two instances on one Redis (clients spread over both).
// Run: npm run build && npx tsx bench/http-throughput.ts [seconds] [clients]
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { REPO, SAMPLE } from '../test/helpers/cli.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../test/helpers/server-process.js';

const seconds = Number(process.argv[2] ?? 10);
const clientsPerRun = Number(process.argv[3] ?? 16);

async function load(
  label: string,
  servers: ServerProcess[],
  withSession: boolean,
  tool = 'analyze_complexity',
  base: Record<string, unknown> = { path: 'src' },
) {
  const clients = await Promise.all(
    Array.from({ length: clientsPerRun }, async (_, i) => {
      const c = new Client({ name: 'bench', version: '1' });
      await c.connect(new StreamableHTTPClientTransport(new URL(servers[i % servers.length]!.url)));
      return c;
    }),
  );
  const session = withSession
    ? ((await clients[0]!.callTool({ name: 'session_create', arguments: {} })).structuredContent as any).data.sessionId
    : undefined;
  const args = { ...base, ...(session ? { sessionId: session } : {}) };
  await clients[0]!.callTool({ name: tool, arguments: args }); // warm the cache
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < until) {
        const t = performance.now();
        const r = await c.callTool({ name: tool, arguments: args });
        if (r.isError) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (x: number) => latencies[Math.floor(x * (latencies.length - 1))]!.toFixed(1);
  console.log(
    `${label.padEnd(44)} ${(latencies.length / wall).toFixed(0).padStart(6)} calls/s  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  errors ${errors}`,
  );
  await Promise.all(clients.map((c) => c.close()));
}

const repo = await startHttpServer(['--root', REPO, '--engine', 'auto', '--log-level', 'error']);
await load('1 instance: server_info', [repo], false, 'server_info', {});
await load('1 instance: analyze_complexity src/ (~170 files)', [repo], false);
await repo.stop();

const memory = await startHttpServer(['--root', SAMPLE, '--engine', 'auto', '--log-level', 'error']);
await load('1 instance, memory store, no session', [memory], false);
await load('1 instance, memory store, in one session', [memory], true);
await memory.stop();

const redis = await startRedisServer();
const two = [
  await startHttpServer(['--root', SAMPLE, '--store', 'redis', '--redis-url', redis.url, '--log-level', 'error']),
  await startHttpServer(['--root', SAMPLE, '--store', 'redis', '--redis-url', redis.url, '--log-level', 'error']),
];
await load('2 instances, Redis store, no session', two, false);
await load('2 instances, Redis store, in one session', two, true);
for (const s of two) await s.stop();
await redis.dispose();
