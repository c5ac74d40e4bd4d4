// What the Prometheus metrics cost a call: p50/p99 latency of server_info and of a cached
// analysis (analyze_complexity of this repository's src/, every file found in the memory tier)
// over Streamable HTTP with the SDK client, on a server with metrics on and one with
// MCA_METRICS=off. Runs alternate (on, off, on, off, …), each on a fresh server process warmed
// first, so drift of the machine falls on both sides; samples are pooled per side. First, the
// hooks alone in-process (what a busy machine cannot blur): the histogram and counter a call
// updates, and a session store operation timed next to the bare store.
// Run: npm run build && node bench/metrics-overhead.mjs [rounds=3] [infoCalls=2000] [analysisCalls=300]
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Histogram } from 'prom-client';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/bin/mcp-code-analysis.js', import.meta.url));
// The SDK's HTTP client leaves an abort listener per call on one signal: no warning per call past 1500.
setMaxListeners(0);
const [rounds, infoCalls, analysisCalls] = [3, 2000, 300].map((d, i) => Number(process.argv[2 + i] ?? d));

async function startServer(metrics) {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--http', '--port', '0', '--root', REPO, '--log-level', 'error'],
    {
      env: { ...process.env, MCA_METRICS: metrics ? 'on' : 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return {
    url,
    pid: child.pid,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
  };
}

/** CPU seconds (user + system) the server process used so far: less moved by other load than latency. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function timeCalls(client, n, params, into) {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const result = await client.callTool(params);
    into.push(performance.now() - t);
    if (result.isError) throw new Error(`${params.name} failed: ${JSON.stringify(result.structuredContent?.status)}`);
  }
}

async function hooksInProcess() {
  const { AppMetrics } = await import('../dist/metrics/metrics.js');
  const { TimedSessionStore } = await import('../dist/metrics/store-timing.js');
  const { MemorySessionStore } = await import('../dist/session/memory-store.js');
  const metrics = new AppMetrics({ transport: 'tcp' });
  const op = { method: 'tools/call', tool: 'server_info', protocolVersion: '2025-11-25', seconds: 0.001 };
  const record = {
    executionId: 'e',
    tool: 'server_info',
    argsHash: 'h',
    state: 'succeeded',
    transitions: [],
    attempts: 1,
    startedAt: '',
    outcome: { code: 'OK' },
  };
  const perCall = async (n, fn) => {
    for (let i = 0; i < n / 10; i++) await fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return ((performance.now() - t) * 1e3) / n;
  };
  const hooks = await perCall(200_000, () => (metrics.served(op), metrics.recorded(record)));
  const bare = new MemorySessionStore();
  const timed = new TimedSessionStore(
    bare,
    new Histogram({ name: 'bench_store_seconds', help: 'bench', labelNames: ['store', 'op'], registers: [] }),
  );
  const { id } = await bare.create({});
  const [bareUs, timedUs] = [
    await perCall(100_000, () => bare.touch(id)),
    await perCall(100_000, () => timed.touch(id)),
  ];
  console.log(
    `in-process: histogram + counter of one call ${hooks.toFixed(2)} us; store touch ${bareUs.toFixed(2)} us bare, ${timedUs.toFixed(2)} us timed`,
  );
}
await hooksInProcess();

const CALLS = {
  server_info: { name: 'server_info', arguments: {} },
  analysis: { name: 'analyze_complexity', arguments: { path: 'src', limit: 5 } },
};
const samples = { on: { server_info: [], analysis: [] }, off: { server_info: [], analysis: [] } };
const cpu = { on: { server_info: 0, analysis: 0 }, off: { server_info: 0, analysis: 0 } };
const scraped = [];

for (let round = 0; round < rounds; round++) {
  for (const side of ['on', 'off']) {
    const server = await startServer(side === 'on');
    const client = new Client({ name: 'bench-metrics', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    // Warm-up, unmeasured: JIT, the memory tier filled with src/'s files.
    await timeCalls(client, 300, CALLS.server_info, []);
    await timeCalls(client, 30, CALLS.analysis, []);
    let at = cpuSeconds(server.pid);
    await timeCalls(client, infoCalls, CALLS.server_info, samples[side].server_info);
    cpu[side].server_info += cpuSeconds(server.pid) - at;
    at = cpuSeconds(server.pid);
    await timeCalls(client, analysisCalls, CALLS.analysis, samples[side].analysis);
    cpu[side].analysis += cpuSeconds(server.pid) - at;
    if (side === 'on') {
      // The metrics were really there: every measured call is in the histogram.
      const text = await (await fetch(server.url.replace(/\/mcp$/, '/metrics'))).text();
      const count =
        /mcp_server_operation_duration_seconds_count\{[^}]*gen_ai_tool_name="server_info"[^}]*\} (\d+)/.exec(text);
      scraped.push(Number(count?.[1]));
    }
    await client.close();
    await server.stop();
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
console.log(
  `metrics overhead: ${rounds} alternating rounds per side, ${infoCalls} server_info + ${analysisCalls} cached analyses per round, HTTP, sequential calls; load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `server_info calls in the histogram at the end of each 'on' round: ${scraped.join(', ')} (expected ${infoCalls + 300})`,
);
console.log('call                 metrics   p50 ms   p99 ms   server CPU us/call');
for (const call of ['server_info', 'analysis']) {
  const perCall = (side) => (cpu[side][call] / samples[side][call].length) * 1e6;
  for (const side of ['on', 'off']) {
    const xs = samples[side][call];
    console.log(
      `${call.padEnd(20)} ${side.padEnd(7)} ${quantile(xs, 0.5).toFixed(3).padStart(8)} ${quantile(xs, 0.99).toFixed(3).padStart(8)} ${perCall(side).toFixed(0).padStart(12)}`,
    );
  }
  const ratio = (q) => (quantile(samples.on[call], q) / quantile(samples.off[call], q)).toFixed(3);
  console.log(
    `${call.padEnd(20)} on/off  ${ratio(0.5).padStart(8)} ${ratio(0.99).padStart(8)} ${(perCall('on') / perCall('off')).toFixed(3).padStart(12)}`,
  );
}
