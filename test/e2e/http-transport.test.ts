import { rmSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, envelopeOf } from '../helpers/cli.js';
import { bigTree } from '../helpers/big-tree.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';
import { ALL_TOOLS } from '../../src/registry/all-tools.js';

// The Streamable HTTP transport sessions of the built server, driven by plain fetch (what a
// client sees on the wire) and by the SDK client: an answer is one JSON body unless the call
// sends notifications first (progress), then it is a resumable SSE stream.

const ACCEPT = 'application/json, text/event-stream';

describe('Streamable HTTP transport sessions', () => {
  let server: ServerProcess;
  let big: string;
  /** Analysed by one test only: its call does real work (nothing cached yet). */
  let fresh: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
    });

  async function open(): Promise<Record<string, string>> {
    const init = await post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'wire', version: '1' } },
    });
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toBe('application/json');
    const sid = init.headers.get('mcp-session-id')!;
    expect(((await init.json()) as any).result.protocolVersion).toBe('2025-06-18');
    const headers = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' };
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
    return headers;
  }

  beforeAll(async () => {
    big = bigTree(200);
    fresh = bigTree(300);
    server = await startHttpServer([
      '--root',
      SAMPLE,
      '--root',
      big,
      '--root',
      fresh,
      '--engine',
      'wasm',
      '--no-cache',
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    for (const dir of [big, fresh]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a call without progress as one JSON body carrying the session id', async () => {
    const headers = await open();
    const res = await post(
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'server_info', arguments: {} } },
      headers,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('mcp-session-id')).toBe(headers['mcp-session-id']);
    const message = (await res.json()) as any;
    expect(message.id).toBe(7);
    expect(envelopeOf(message.result).data.name).toBe('mcp-code-analysis');
  });

  it('streams progress as SSE events before the answer when the call asks for it', async () => {
    const headers = await open();
    const res = await post(
      {
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'analyze_complexity', arguments: { path: big, limit: 1 }, _meta: { progressToken: 'p1' } },
      },
      headers,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    // Resumable (SEP-1699): a retry hint and a priming event (an id, empty data) come first;
    // every event carries an id to resume from.
    expect(text).toMatch(/^retry: \d+\nid: [0-9a-f-]+_0\ndata: \n\n/);
    expect(
      text
        .split('\n\n')
        .filter((e) => e.includes('data: {'))
        .every((e) => /^id: [0-9a-f-]+_\d+$/m.test(e)),
    ).toBe(true);
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    const progress = events.filter((e) => e.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.params.progressToken === 'p1')).toBe(true);
    expect(events.at(-1).id).toBe(8);
    expect(envelopeOf(events.at(-1).result).status.success).toBe(true);
  });

  it('one instance, memory store: a stream broken after a few events resumes with Last-Event-ID, and only in its own session', async () => {
    const headers = await open();
    const res = await post(
      {
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'analyze_complexity', arguments: { path: fresh, limit: 1 }, _meta: { progressToken: 'p2' } },
      },
      headers,
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while ((seen.match(/\nid: /g)?.length ?? 0) < 3)
      seen += decoder.decode((await reader.read()).value, { stream: true });
    await reader.cancel(); // the connection breaks mid-call
    const complete = seen.slice(0, seen.lastIndexOf('\n\n') + 2);
    const lastId = [...complete.matchAll(/^id: (\S+)$/gm)].at(-1)![1]!;
    const before = complete
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    expect(before.some((e) => e.id === 9)).toBe(false); // broken before the answer

    const other = await open();
    const refused = await fetch(server.url, {
      headers: { accept: 'text/event-stream', ...other, 'last-event-id': lastId },
    });
    expect(refused.status).toBe(404);

    const resumed = await fetch(server.url, {
      headers: { accept: 'text/event-stream', ...headers, 'last-event-id': lastId },
    });
    expect(resumed.status).toBe(200);
    const text = await resumed.text();
    const after = text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    expect(after.at(-1).id).toBe(9);
    expect(envelopeOf(after.at(-1).result).status.success).toBe(true);
    // Nothing twice, nothing lost: the resumed events are exactly those after the last one seen.
    const position = (id: string) => Number(id.slice(id.lastIndexOf('_') + 1));
    const positions = [...text.matchAll(/^id: (\S+)$/gm)].map((m) => position(m[1]!));
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => position(lastId) + 1 + i));
  });

  it('delivers progress to the SDK client and answers its batch-free calls', async () => {
    const client = new Client({ name: 'progress', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const seen: number[] = [];
    const result = await client.callTool(
      { name: 'analyze_structure', arguments: { path: big, limit: 1 } },
      { onprogress: (p) => seen.push(p.progress) },
    );
    expect(envelopeOf(result).status.success).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect((await client.listTools()).tools.length).toBe(ALL_TOOLS.length);
    await client.close();
  });

  it('answers a batch of requests with an array', async () => {
    const headers = await open();
    const res = await post(
      [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      ],
      headers,
    );
    const answers = (await res.json()) as any[];
    expect(answers.map((a: { id: number }) => a.id).sort()).toEqual([1, 2]);
  });

  it('refuses what the SDK transport refuses, with the same status codes', async () => {
    const headers = await open();
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    expect((await post(ping, { ...headers, accept: 'application/json' })).status).toBe(406);
    expect(
      (
        await fetch(server.url, {
          method: 'POST',
          headers: { ...headers, accept: ACCEPT, 'content-type': 'text/plain' },
          body: JSON.stringify(ping),
        })
      ).status,
    ).toBe(415);
    expect((await post({ jsonrpc: '2.0', nope: true }, headers)).status).toBe(400);
    expect((await post(ping, { ...headers, 'mcp-protocol-version': '1999-01-01' })).status).toBe(400);
    expect(
      (
        await post(
          {
            jsonrpc: '2.0',
            id: 2,
            method: 'initialize',
            params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
          },
          headers,
        )
      ).status,
    ).toBe(400);
    expect((await fetch(server.url, { method: 'PUT', headers })).status).toBe(405);
  });

  it('keeps one standalone GET stream per session, and DELETE ends the session', async () => {
    const headers = await open();
    const stream = await fetch(server.url, { headers: { ...headers, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    expect((await fetch(server.url, { headers: { ...headers, accept: 'text/event-stream' } })).status).toBe(409);
    expect((await fetch(server.url, { method: 'DELETE', headers })).status).toBe(200);
    expect(await stream.text()).toBe(''); // the stream ends with the session
    expect((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).status).toBe(404);
  });
});
