// What a 2026-07-28-era request costs the server in-process, where every request gets a fresh
// server from the factory: the factory alone (buildServer: an SDK Server and our two handlers;
// the tool listings and JSON Schemas are built once per process), the SDK's era classification
// on a 2025-era request (isLegacyRequest: what the router adds to the 2025 path), and a whole
// modern server_info exchange through createMcpHandler (request captured from the v2 client,
// replayed; no sockets).
// Run: npm run build && node bench/per-request-factory.mjs [iterations=20000]
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import pino from 'pino';
import { loadConfig } from '../dist/config/config.js';
import { createApp } from '../dist/server/app.js';
import { buildServer } from '../dist/server/build-server.js';

const N = Number(process.argv[2] ?? 20_000);
const app = await createApp(
  loadConfig({ roots: [process.cwd()], engine: 'wasm', workers: 0, noCache: true }, {}),
  pino({ level: 'silent' }),
);
app.registry.listings();

async function time(label, n, run) {
  for (let i = 0; i < Math.min(1000, n); i++) await run(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  console.log(`${label.padEnd(52)} ${us.toFixed(1).padStart(7)} µs/request`);
}

await time('factory: buildServer(app)', N, () => buildServer(app));

const legacyBody = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'server_info', arguments: {} } };
const legacyHeaders = {
  host: '127.0.0.1:3000',
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-session-id': 'x',
  'mcp-protocol-version': '2025-11-25',
};
await time('2025 path: Web Request + isLegacyRequest', N, async () => {
  const request = new Request('http://127.0.0.1:3000/mcp', { method: 'POST', headers: legacyHeaders });
  if (!(await isLegacyRequest(request, legacyBody))) throw new Error('classified modern');
});

// One real modern tools/call of server_info, as the v2 client pinned to 2026-07-28 sends it.
const handler = createMcpHandler(() => buildServer(app), { legacy: 'reject' });
let captured;
const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
await client.connect(
  new StreamableHTTPClientTransport(new URL('http://127.0.0.1:3000/mcp'), {
    fetch: async (url, init) => {
      const request = new Request(url, init);
      const body = init?.body;
      if (typeof body === 'string' && body.includes('"tools/call"')) captured = { headers: [...request.headers], body };
      return handler.fetch(request);
    },
  }),
);
await client.callTool({ name: 'server_info', arguments: {} });
if (!captured) throw new Error('no tools/call captured');
const { headers, body } = captured;
const parsed = JSON.parse(body);
await time('modern exchange: server_info via createMcpHandler', Math.ceil(N / 10), async () => {
  const response = await handler.fetch(new Request('http://127.0.0.1:3000/mcp', { method: 'POST', headers }), {
    parsedBody: parsed,
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  await response.text();
});
await client.close();
await handler.close();
await app.close();
