// The floor under bench/http-autocannon.mjs on this machine: a bare node:http server that reads
// each POST, parses its JSON-RPC body and answers with the same bytes our server_info answers
// (the id put back), under the same autocannon load (16 connections by default), then our
// server's server_info in the same run. What the floor cannot reach, no dispatch can: with the
// load generator on the same cores, it bounds `server_info` calls/s here.
// Run: npm run build && node bench/http-floor.mjs [seconds=10] [connections=16]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuMs } from './lib/mcp-wire.mjs';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 16);
const BENCH = fileURLToPath(new URL('./http-autocannon.mjs', import.meta.url));

// A server_info-sized answer (6 KB): the text block and the structured content, as ours sends.
const SERVER = `
const http = require('node:http');
const filler = 'x'.repeat(2900);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { id } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: filler }], structuredContent: { data: filler } } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
try {
  let id = 0;
  const cpu0 = cpuMs(child.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/mcp`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'server_info' } }),
        }),
      },
    ],
  });
  const calls = result.requests.total / (result.duration || seconds);
  const cpu = ((cpuMs(child.pid) - cpu0) * 1000) / result.requests.total;
  console.log(
    `${'bare node:http, same answer size'.padEnd(34)} ${calls.toFixed(0).padStart(6)} calls/s  p50 ${String(result.latency.p50).padStart(3)} ms  server CPU ${cpu.toFixed(0).padStart(5)} µs/call  non-2xx ${result.non2xx}  errors ${result.errors}`,
  );
} finally {
  child.kill();
}
spawnSync(process.execPath, [BENCH, String(seconds), String(connections), '--only', 'server_info'], {
  stdio: 'inherit',
});
