// tools/call throughput through nginx (plain round-robin) in front of 1, 2 and 3 server
// instances on one redis-server, with the same client load (autocannon, not our client code),
// in both protocol eras:
//   2026-07-28: stateless POSTs; each carries the MCP-Protocol-Version, Mcp-Method and Mcp-Name
//     headers and the per-request `_meta` envelope (protocol version, client capabilities, client
//     info), as the SDK's client sends them; any instance answers.
//   2025: each autocannon connection is one client with its own Mcp-Session-Id (initialize and
//     notifications/initialized through the proxy, with plain fetch), and its own increasing ids.
// The fleet is the tests' (test/helpers/fleet.ts: real redis-server, server processes, nginx);
// it grows by add() between rows; each new instance is warmed directly, and each row's load runs
// unmeasured for a quarter of its time first.
// Server CPU per call is the user + system time of all instances over the calls answered;
// nginx's is reported apart. An era the server does not serve (yet) is reported as such.
// Run: npm run build && node bench/fleet-throughput.mjs [seconds=8] [connections=16] [--tool server_info|analysis]
// [--era 2026|2025] [-- server flags]
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BASE_HEADERS, benchArgs, cpuMs, messageOf, openLegacySession } from './lib/mcp-wire.mjs';
import { tsImport } from 'tsx/esm/api';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { startFleet } = await tsImport('../test/helpers/fleet.ts', import.meta.url);

const { ours, serverExtra, flag } = benchArgs();
const onlyTool = flag('--tool');
const onlyEra = flag('--era');
const seconds = Number(ours[0] ?? 8);
const connections = Number(ours[1] ?? 16);

const MODERN = '2026-07-28';
const LEGACY = '2025-06-18';
const CLIENT = { name: 'fleet-bench', version: '1' };
const TOOLS = [
  { label: 'server_info', name: 'server_info', args: {} },
  { label: 'analysis', name: 'analyze_complexity', args: { path: 'src' } }, // this repository's src/, cached after the warm-up
].filter((t) => !onlyTool || t.label === onlyTool);

const cpuOf = (pids) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

// ---- 2026-07-28: one self-describing POST per call ----
function modernCall(id, tool) {
  const headers = {
    ...BASE_HEADERS,
    'mcp-protocol-version': MODERN,
    'mcp-method': 'tools/call',
    'mcp-name': tool.name,
  };
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': CLIENT,
  };
  return {
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: tool.name, arguments: tool.args, _meta },
    }),
  };
}

const modern = {
  era: MODERN,
  /** Per-connection client state: none. */
  async clients() {
    return [{}];
  },
  request: (_client, id, tool) => modernCall(id, tool),
};

// ---- 2025: a transport session per connection ----
const legacy = {
  era: '2025',
  async clients(url) {
    const sessions = [];
    for (let i = 0; i < connections; i++) sessions.push(await openLegacySession(url, LEGACY, CLIENT));
    return sessions;
  },
  request: (session, id, tool) => ({
    headers: session.headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: tool.name, arguments: tool.args },
    }),
  }),
};

/** One call outside the load; throws with the server's answer when it is not a tool result. */
async function probe(url, era, client, tool) {
  const { headers, body } = era.request(client, 1, tool);
  const response = await fetch(url, { method: 'POST', headers, body });
  const { message } = await messageOf(response).catch(() => ({ message: undefined }));
  if (!message?.result || message.result.isError)
    throw new Error(`${response.status} ${JSON.stringify(message ?? '').slice(0, 300)}`);
}

/** The first result of each tool on a new instance is work, not the steady state: call it there directly. */
async function warm(server) {
  const session = await openLegacySession(server.url, LEGACY, CLIENT);
  for (const tool of TOOLS) await probe(server.url, legacy, session, tool);
}

/** The same load, unmeasured for a short while first (every instance's JIT and caches warm), then measured. */
async function load(fleet, era, clients, tool) {
  await drive(fleet, era, clients, tool, Math.max(1, Math.round(seconds / 4)));
  const serverPids = fleet.servers.map((s) => s.child.pid);
  const nginxPids = fleet.nginx.pids();
  const server0 = cpuOf(serverPids);
  const nginx0 = cpuOf(nginxPids);
  const result = await drive(fleet, era, clients, tool, seconds);
  const total = result.requests.total || 1;
  return {
    calls: result.requests.total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    serverCpu: ((cpuOf(serverPids) - server0) * 1000) / total,
    nginxCpu: ((cpuOf(nginxPids) - nginx0) * 1000) / total,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function drive(fleet, era, clients, tool, duration) {
  let next = 0;
  return autocannon({
    url: fleet.url,
    connections,
    duration,
    method: 'POST',
    requests: [
      {
        setupRequest(request, context) {
          context.client ??= clients[next++ % clients.length];
          context.id = (context.id ?? 1) + 1;
          return { ...request, ...era.request(context.client, context.id, tool) };
        },
      },
    ],
  });
}

const rows = [];
const row = (era, tool, n, r) => rows.push({ era, tool, n, ...r });

const fleet = await startFleet({
  instances: 1,
  args: ['--root', REPO, '--engine', 'auto', '--log-level', 'error', ...serverExtra],
});
try {
  for (let n = 1; n <= 3; n++) {
    if (n > 1) await fleet.add();
    await warm(fleet.servers[n - 1]);
    for (const era of [modern, legacy].filter((e) => !onlyEra || e.era.startsWith(onlyEra))) {
      let clients;
      try {
        clients = await era.clients(fleet.url);
        // one per instance, round-robin
        for (let i = 0; i < n; i++) await probe(fleet.url, era, clients[i % clients.length], TOOLS[0]);
      } catch (error) {
        for (const tool of TOOLS)
          row(era.era, tool.label, n, {
            error: String(error.message ?? error)
              .split('\n')[0]
              .slice(0, 160),
          });
        continue;
      }
      for (const tool of TOOLS) row(era.era, tool.label, n, await load(fleet, era, clients, tool));
    }
  }
} finally {
  await fleet.dispose();
}

const os = await import('node:os');
console.log(
  `autocannon ${connections} connections × ${seconds} s per row (after ${Math.max(1, Math.round(seconds / 4))} s unmeasured), through nginx (round-robin, 1 worker) on one redis-server; ${os.cpus().length} cores, load average at the end ${os.loadavg()[0].toFixed(1)}`,
);
console.log('| era | tool | instances | calls/s | p50 ms | p99 ms | server CPU µs/call | nginx CPU µs/call | failed |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  if (r.error) console.log(`| ${r.era} | ${r.tool} | ${r.n} | not served: ${r.error} ||||||`);
  else
    console.log(
      `| ${r.era} | ${r.tool} | ${r.n} | ${r.calls.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.serverCpu.toFixed(0)} | ${r.nginxCpu.toFixed(0)} | ${r.failed} |`,
    );
  if (r.error || r.failed > 0) process.exitCode = 1;
}
