import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION as V1_PROTOCOL } from '@modelcontextprotocol/sdk/types.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { CLI, SAMPLE, envelopeOf, type Env } from '../helpers/cli.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';
import { ALL_TOOLS } from '../../src/registry/all-tools.js';

// Both protocol eras on both transports, with the SDK's real clients: the v1 client (2025 era),
// the v2 client pinned to 2026-07-28 and the v2 client negotiating ('auto', which must choose
// 2026-07-28 here). Each lists tools, reads its era from server_info, runs analyses in a tool
// session, and gets progress; a modern call cancelled by its client ends `cancelled` and the
// engine stops; an unsupported version gets the SDK's error and the server keeps serving.

const MODERN = '2026-07-28';
const BIG_FILES = 1500;

type Kind = 'v1' | 'v2-pinned' | 'v2-auto';
type CallOptions = { onprogress?: (p: { progress: number }) => void; signal?: AbortSignal };

/** The calls the tests make, the same for the v1 and the v2 client. */
interface EraClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  call(name: string, args: Record<string, unknown>, options?: CallOptions): Promise<Env>;
  /** The protocol version the client negotiated, as the client itself says. */
  negotiated(): string | undefined;
  close(): Promise<void>;
}

const expectedEra: Record<Kind, { era: 'modern' | 'legacy'; protocolVersion: string }> = {
  v1: { era: 'legacy', protocolVersion: V1_PROTOCOL },
  'v2-pinned': { era: 'modern', protocolVersion: MODERN },
  'v2-auto': { era: 'modern', protocolVersion: MODERN },
};

interface Seen {
  /** Response headers of every SSE answer the v2 HTTP client read. */
  sse: Headers[];
  /** The last tools/list request the v2 HTTP client sent: replayed by hand below. */
  listRequest?: { headers: [string, string][]; body: string };
}

/** fetch for the v2 HTTP client that notes what the tests check on the wire. */
function watchingFetch(seen: Seen): typeof fetch {
  return async (url, init) => {
    if (typeof init?.body === 'string' && init.body.includes('"tools/list"'))
      seen.listRequest = { headers: [...new Headers(init.headers)], body: init.body };
    const response = await fetch(url, init);
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) seen.sse.push(response.headers);
    return response;
  };
}

function v2(kind: Exclude<Kind, 'v1'>): Client {
  return new Client(
    { name: `eras-${kind}`, version: '1.0.0' },
    { versionNegotiation: { mode: kind === 'v2-pinned' ? { pin: MODERN } : 'auto' } },
  );
}

async function v2Client(
  kind: Exclude<Kind, 'v1'>,
  transport: StreamableHTTPClientTransport | StdioClientTransport,
): Promise<EraClient> {
  const client = v2(kind);
  await client.connect(transport);
  return {
    listTools: () => client.listTools(),
    call: async (name, args, options) => envelopeOf(await client.callTool({ name, arguments: args }, options)),
    negotiated: () => client.getNegotiatedProtocolVersion(),
    close: () => client.close(),
  };
}

async function v1Client(transport: V1StreamableHTTPClientTransport | V1StdioClientTransport): Promise<EraClient> {
  const client = new V1Client({ name: 'eras-v1', version: '1.0.0' });
  await client.connect(transport);
  return {
    listTools: () => client.listTools(),
    call: async (name, args, options) =>
      envelopeOf(await client.callTool({ name, arguments: args }, undefined, options)),
    negotiated: () => (transport instanceof V1StreamableHTTPClientTransport ? transport.protocolVersion : undefined),
    close: () => client.close(),
  };
}

function stdioArgs(roots: string[]): string[] {
  return [
    CLI,
    'serve',
    ...roots.flatMap((r) => ['--root', r]),
    '--engine',
    'wasm',
    '--no-cache',
    '--log-level',
    'warn',
  ];
}

async function connectHttp(kind: Kind, url: string, seen: Seen): Promise<EraClient> {
  if (kind === 'v1') return v1Client(new V1StreamableHTTPClientTransport(new URL(url)));
  return v2Client(kind, new StreamableHTTPClientTransport(new URL(url), { fetch: watchingFetch(seen) }));
}

async function connectStdio(kind: Kind, roots: string[]): Promise<EraClient> {
  const params = { command: process.execPath, args: stdioArgs(roots), stderr: 'ignore' as const };
  if (kind === 'v1') return v1Client(new V1StdioClientTransport(params));
  return v2Client(kind, new StdioClientTransport(params));
}

/** What every client does, whatever its era and transport. */
function sharedBehaviour(kind: Kind, client: () => EraClient, medium: () => string): void {
  it('lists the tools', async () => {
    const { tools } = await client().listTools();
    expect(tools.map((t) => t.name)).toContain('server_info');
    expect(tools).toHaveLength(ALL_TOOLS.length);
  });

  it('server_info names the era and version of this client', async () => {
    const env = await client().call('server_info', {});
    expect(env.status.success).toBe(true);
    expect(env.data.client).toEqual(expectedEra[kind]);
    const negotiated = client().negotiated();
    if (negotiated !== undefined) expect(env.data.client.protocolVersion).toBe(negotiated);
  });

  it('runs analyses in a tool session, every call in its history', async () => {
    const { data } = await client().call('session_create', {});
    const sessionId = data.sessionId as string;
    expect((await client().call('analyze_complexity', { path: 'src/a.ts', sessionId })).status.success).toBe(true);
    expect((await client().call('analyze_structure', { path: 'src/a.ts', sessionId })).status.success).toBe(true);
    expect((await client().call('analyze_dependencies', { path: 'src', sessionId })).status.success).toBe(true);
    const history = (await client().call('session_get', { sessionId })).data.history as {
      tool: string;
      state: string;
    }[];
    expect(history.map((h) => [h.tool, h.state])).toEqual([
      ['analyze_complexity', 'succeeded'],
      ['analyze_structure', 'succeeded'],
      ['analyze_dependencies', 'succeeded'],
    ]);
  });

  it('sends progress notifications to a call that asks for them', async () => {
    const progress: number[] = [];
    const env = await client().call(
      'analyze_complexity',
      { path: medium(), limit: 1 },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(env.status.success).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(env.data.total);
  });
}

/** Files the memory tier holds. */
async function memoryEntries(client: EraClient): Promise<number> {
  return (await client.call('server_info', {})).data.features.fileResults.memory.entries as number;
}

/** Files the memory tier holds once settled: the count stops moving when the engine has stopped. */
async function settledEntries(client: EraClient): Promise<number> {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const entries = await memoryEntries(client);
    if (entries === last) return entries;
    last = entries;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

/**
 * A modern call on a big tree (BIG_FILES files, none analysed yet), aborted by its client once
 * it runs: the execution record in the tool session ends `cancelled`, and the engine stops short
 * of the whole tree. With progress the call is aborted at its first progress notification (its
 * answer is an open SSE stream); without, once the engine has stored its first results (seen
 * from another request), while the answer is still pending.
 */
async function cancelModernCall(client: EraClient, big: string, withProgress: boolean): Promise<void> {
  const before = await settledEntries(client);
  const { data } = await client.call('session_create', {});
  const abort = new AbortController();
  const args = { path: big, sessionId: data.sessionId };
  const call = client.call(
    'analyze_complexity',
    args,
    withProgress
      ? { signal: abort.signal, onprogress: () => abort.abort('changed my mind') }
      : { signal: abort.signal },
  );
  const rejected = expect(call).rejects.toThrow();
  if (!withProgress) {
    for (let i = 0; i < 200 && (await memoryEntries(client)) === before; i++)
      await new Promise((r) => setTimeout(r, 50));
    abort.abort('changed my mind');
  }
  await rejected;
  let last: { tool: string; state: string; outcome: { code: string } } | undefined;
  for (let i = 0; i < 100 && last?.state !== 'cancelled'; i++) {
    last = (await client.call('session_get', { sessionId: data.sessionId })).data.history.at(-1);
    if (last?.state !== 'cancelled') await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toMatchObject({ tool: 'analyze_complexity', state: 'cancelled', outcome: { code: 'CANCELLED' } });
  expect((await settledEntries(client)) - before).toBeLessThan(BIG_FILES);
}

describe('both protocol eras over Streamable HTTP (one server)', () => {
  let server: ServerProcess;
  let big: string;
  let big2: string;
  let medium: string;
  const seen: Seen = { sse: [] };

  beforeAll(async () => {
    big = bigTree(BIG_FILES);
    big2 = bigTree(BIG_FILES);
    medium = bigTree(60);
    server = await startHttpServer([
      '--root',
      SAMPLE,
      '--root',
      big,
      '--root',
      big2,
      '--root',
      medium,
      '--engine',
      'wasm',
      '--no-cache',
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe.each<Kind>(['v1', 'v2-pinned', 'v2-auto'])('%s client', (kind) => {
    let client: EraClient;
    beforeAll(async () => {
      client = await connectHttp(kind, server.url, seen);
    });
    afterAll(async () => {
      await client?.close();
    });
    sharedBehaviour(
      kind,
      () => client,
      () => medium,
    );
  });

  it('streams modern progress as SSE that proxies do not buffer (X-Accel-Buffering: no)', () => {
    expect(seen.sse.length).toBeGreaterThan(0);
    for (const headers of seen.sse) expect(headers.get('x-accel-buffering')).toBe('no');
  });

  it.each([
    ['streaming progress', true],
    ['answer still pending', false],
  ])(
    'a modern call whose client closes the request (%s) ends cancelled, and the engine stops',
    async (_, withProgress) => {
      const client = await connectHttp('v2-pinned', server.url, seen);
      try {
        await cancelModernCall(client, withProgress ? big : big2, withProgress);
      } finally {
        await client.close();
      }
    },
  );

  it('answers an unsupported modern version with the SDK error, and keeps serving', async () => {
    const request = seen.listRequest!;
    expect(request).toBeDefined();
    const headers = new Headers(request.headers);
    headers.set('mcp-protocol-version', '2099-01-01');
    const res = await fetch(server.url, {
      method: 'POST',
      headers,
      body: request.body.replaceAll(MODERN, '2099-01-01'),
    });
    expect(res.status).toBe(400);
    const message = (await res.json()) as { error: { code: number; data: { supported: string[]; requested: string } } };
    expect(message.error.data).toMatchObject({ requested: '2099-01-01' });
    expect(message.error.data.supported).toContain(MODERN);

    // The same request naming the supported version is answered: the server did not fall over.
    const again = await fetch(server.url, { method: 'POST', headers: request.headers, body: request.body });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(ALL_TOOLS.length);
  });

  it('answers a 2025-era initialize naming an unknown version with the version the SDK offers instead', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '1999-01-01', capabilities: {}, clientInfo: { name: 'old', version: '1' } },
      }),
    });
    expect(res.status).toBe(200);
    const message = (await res.json()) as { result: { protocolVersion: string } };
    expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(message.result.protocolVersion);
  });
});

describe('both protocol eras over stdio (one server process per client)', () => {
  let big: string;
  let medium: string;

  beforeAll(() => {
    big = bigTree(BIG_FILES);
    medium = bigTree(60);
  });

  describe.each<Kind>(['v1', 'v2-pinned', 'v2-auto'])('%s client', (kind) => {
    let client: EraClient;
    beforeAll(async () => {
      client = await connectStdio(kind, [SAMPLE, medium, big]);
    });
    afterAll(async () => {
      await client?.close();
    });
    sharedBehaviour(
      kind,
      () => client,
      () => medium,
    );
  });

  it('a modern call cancelled by its client ends cancelled, and the engine stops', async () => {
    const client = await connectStdio('v2-pinned', [SAMPLE, big]);
    try {
      await cancelModernCall(client, big, true);
    } finally {
      await client.close();
    }
  });

  it('answers an unsupported modern version with the SDK error, and keeps serving', async () => {
    const envelope = (version: string) => ({
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientInfo': { name: 'by-hand', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    });
    const answers = await stdioExchange([
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: envelope('2099-01-01') } },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: envelope(MODERN) } },
    ]);
    const refused = answers.get(1) as { error: { code: number; data: { supported: string[]; requested: string } } };
    expect(refused.error.data.requested).toBe('2099-01-01');
    expect(refused.error.data.supported).toContain(MODERN);
    expect((answers.get(2) as { result: { tools: unknown[] } }).result.tools).toHaveLength(ALL_TOOLS.length);
  });
});

/** Writes JSON-RPC lines to a fresh stdio server and collects the answers by id. */
async function stdioExchange(messages: { id: number; [key: string]: unknown }[]): Promise<Map<number, unknown>> {
  const child = spawn(process.execPath, stdioArgs([SAMPLE]), { stdio: ['pipe', 'pipe', 'ignore'] });
  const answers = new Map<number, unknown>();
  let buffer = '';
  const done = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffer.slice(0, newline)) as { id?: number };
        buffer = buffer.slice(newline + 1);
        if (message.id !== undefined) answers.set(message.id, message);
        if (messages.every((m) => answers.has(m.id))) resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`stdio server exited with ${code} before answering`)));
  });
  for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
  try {
    await done;
  } finally {
    child.stdin.end();
    child.kill();
  }
  return answers;
}
