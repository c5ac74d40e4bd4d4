import { request } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, envelopeOf } from '../helpers/cli.js';
import { bigTree } from '../helpers/big-tree.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';
import { ALL_TOOLS } from '../../src/registry/all-tools.js';

const TOKEN = 'test-token-123';

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
  });
}

describe('Streamable HTTP: the built CLI driven by the SDK client', () => {
  let server: ServerProcess;
  let client: Client;
  let big: string;

  beforeAll(async () => {
    big = bigTree(1500);
    server = await startHttpServer([
      '--root',
      SAMPLE,
      '--root',
      big,
      '--engine',
      'wasm',
      '--auth-token',
      TOKEN,
      '--max-body-bytes',
      '65536',
    ]);
    client = new Client({ name: 'e2e-http', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('lists tools and calls them', async () => {
    const { tools } = await client.listTools();
    expect(tools.length).toBe(ALL_TOOLS.length);
    const env = envelopeOf(await client.callTool({ name: 'analyze_dependencies', arguments: { path: 'src' } }));
    expect(env.status.success).toBe(true);
    expect(env.data.cycles).toEqual([['src/a.ts', 'src/b.ts']]);
  });

  it('answers bad input with envelopes', async () => {
    const env = envelopeOf(await client.callTool({ name: 'analyze_structure', arguments: { path: ['x'] } }));
    expect(env.status.code).toBe('INVALID_ARGUMENT');
  });

  it('serves health and readiness', async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, store: { kind: 'memory', healthy: true } });
  });

  it('refuses a foreign Origin or Host, a missing token and an oversized body', async () => {
    const init = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"ping"}') => ({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${TOKEN}`,
        ...headers,
      },
      body,
    });
    expect((await fetch(server.url, init({ origin: 'http://evil.example' }))).status).toBe(403);
    expect((await fetch(server.url.replace('127.0.0.1', 'localhost'), init({}))).status).not.toBe(403);
    expect(await statusWithHost(server.url, 'evil.example')).toBe(403); // fetch cannot set Host: plain http
    const refused = await fetch(server.url, init({ authorization: 'Bearer wrong' }));
    expect(refused.status).toBe(401);
    // The SDK's bearer challenge (RFC 6750): an OAuth error body, no longer a JSON-RPC one.
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await refused.json()).toMatchObject({ error: 'invalid_token' });
    expect((await fetch(server.url, init({}, 'x'.repeat(70_000)))).status).toBe(413);
    expect((await fetch(server.url, init({ 'content-type': 'text/plain' }))).status).toBe(415);
  });

  it('guards the 2026-07-28 era the same way', async () => {
    const modern = (token?: string) => {
      const c = new Client(
        { name: 'e2e-http-modern', version: '1.0.0' },
        { versionNegotiation: { mode: { pin: '2026-07-28' } } },
      );
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return {
        c,
        connect: () => c.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } })),
      };
    };
    const refused = modern('wrong');
    await expect(refused.connect()).rejects.toThrow();
    await refused.c.close().catch(() => undefined);
    const allowed = modern(TOKEN);
    await allowed.connect();
    const env = envelopeOf(await allowed.c.callTool({ name: 'server_info', arguments: {} }));
    expect(env.data.client).toEqual({ protocolVersion: '2026-07-28', era: 'modern' });
    await allowed.c.close();
  });

  it('cancels a slow call when the client cancels, and records it', async () => {
    const { data } = envelopeOf(await client.callTool({ name: 'session_create', arguments: {} }));
    const abort = new AbortController();
    const call = client.callTool(
      { name: 'analyze_complexity', arguments: { path: big, sessionId: data.sessionId } },
      { signal: abort.signal },
    );
    setTimeout(() => abort.abort('changed my mind'), 300);
    await expect(call).rejects.toThrow();
    // The server ends the execution as cancelled and records it in the session.
    let last: any;
    for (let i = 0; i < 50 && last?.state !== 'cancelled'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = envelopeOf(
        await client.callTool({ name: 'session_get', arguments: { sessionId: data.sessionId } }),
      ).data.history.at(-1);
    }
    expect(last).toMatchObject({ tool: 'analyze_complexity', state: 'cancelled', outcome: { code: 'CANCELLED' } });
  });

  it('finishes in-flight calls on SIGTERM, then exits 0', async () => {
    const small = bigTree(150);
    const second = await startHttpServer(['--root', small, '--engine', 'wasm', '--shutdown-grace-ms', '120000']);
    const c = new Client({ name: 'shutdown', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(second.url)));
    const call = c.callTool({ name: 'analyze_complexity', arguments: { path: '.', limit: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    second.child.kill('SIGTERM');
    const env = envelopeOf(await call);
    expect(env.status.success).toBe(true);
    expect(env.data.total).toBe(150);
    expect(await second.exited).toBe(0);
    await c.close().catch(() => undefined);
  });
});
