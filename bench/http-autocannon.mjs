// tools/call throughput over Streamable HTTP measured by a load generator that is not our client
// code (autocannon): server_info (the fixed cost every call pays) and a repeated analysis of this
// repository's src/ (every file unchanged: served from the per-file results), one after the other
// on the same server, and their ratio. Each autocannon connection is one MCP client with its own
// 2025-era transport session (initialize + notifications/initialized with plain fetch) and its
// own increasing JSON-RPC ids, as a real client would.
// Run: npm run build && node bench/http-autocannon.mjs [seconds=10] [connections=16] [--profile DIR] [--only
// server_info|analysis]
//   --profile DIR runs the server under `node --cpu-prof` and leaves its .cpuprofile in DIR
//   (read it with bench/cpuprofile-top.mjs); extra server flags follow `--` (e.g. `-- --direct-calls off`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchArgs, cpuMs, messageOf, openLegacySession } from './lib/mcp-wire.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/bin/mcp-code-analysis.js', import.meta.url));
const PROTOCOL = '2025-06-18';

const { ours, serverExtra, flag } = benchArgs();
const profileDir = flag('--profile');
const only = flag('--only');
const seconds = Number(ours[0] ?? 10);
const connections = Number(ours[1] ?? 16);

function startServer() {
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = [
    ...nodeFlags,
    CLI,
    'serve',
    '--http',
    '--port',
    '0',
    '--root',
    REPO,
    '--engine',
    'auto',
    '--log-level',
    'error',
    ...serverExtra,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url, pid: child.pid, stop: () => (child.kill('SIGTERM'), exited) };
}

const callBody = (id, name, args) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

/** One call outside the load: checks the answer and says in which mode (JSON or SSE) it came. */
async function probe(url, session, name, args) {
  const response = await fetch(url, { method: 'POST', headers: session.headers, body: callBody(1, name, args) });
  const { mode, message } = await messageOf(response);
  if (!message?.result || message.result.isError)
    throw new Error(`${name} failed: ${JSON.stringify(message).slice(0, 400)}`);
  return { mode, bytes: JSON.stringify(message).length };
}

async function load(url, sessions, label, name, args) {
  let next = 0;
  const cpu0 = cpuMs(server.pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    // One session per connection, ids increasing per session (ids of one session must not repeat while in flight).
    requests: [
      {
        setupRequest(request, context) {
          context.session ??= sessions[next++ % sessions.length];
          context.id = (context.id ?? 1) + 1;
          return { ...request, headers: context.session.headers, body: callBody(context.id, name, args) };
        },
      },
    ],
  });
  const calls = result.requests.total / (result.duration || seconds);
  const cpuPerCall = ((cpuMs(server.pid) - cpu0) * 1000) / result.requests.total;
  const failed = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${label.padEnd(34)} ${calls.toFixed(0).padStart(6)} calls/s  p50 ${String(result.latency.p50).padStart(3)} ms  p99 ${String(result.latency.p99).padStart(3)} ms  server CPU ${cpuPerCall.toFixed(0).padStart(5)} µs/call  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`,
  );
  if (failed > 0) process.exitCode = 1;
  return calls;
}

const server = startServer();
try {
  const url = await server.url;
  const sessions = [];
  for (let i = 0; i < connections; i++)
    sessions.push(await openLegacySession(url, PROTOCOL, { name: 'autocannon-bench', version: '1' }));
  const info = await probe(url, sessions[0], 'server_info', {});
  const analysis = await probe(url, sessions[0], 'analyze_complexity', { path: 'src' }); // warms the per-file results
  console.log(
    `autocannon ${connections} connections × ${seconds} s on ${url}; initialize answered in ${sessions[0].initMode}, tools/call in ${info.mode}`,
  );
  console.log(`answer sizes: server_info ${info.bytes} B, analyze_complexity src ${analysis.bytes} B`);
  const infoRate = only === 'analysis' ? undefined : await load(url, sessions, 'server_info', 'server_info', {});
  const analysisRate =
    only === 'server_info'
      ? undefined
      : await load(url, sessions, 'analyze_complexity src (cached)', 'analyze_complexity', { path: 'src' });
  if (infoRate && analysisRate) console.log(`ratio analysis/server_info: ${(analysisRate / infoRate).toFixed(2)}`);
} finally {
  await server.stop();
}
if (profileDir) console.log(`profile in ${profileDir} (node bench/cpuprofile-top.mjs ${profileDir})`);
