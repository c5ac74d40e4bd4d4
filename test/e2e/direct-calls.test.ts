import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../helpers/cli.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// The direct path of 2025-era HTTP sessions (src/server/direct-tool-calls.ts) against the SDK's
// request handler: the built server with --direct-calls on (the default) and off, the same
// requests on the wire, the same answers once what differs by nature (timings, ids) is removed.

const ACCEPT = 'application/json, text/event-stream';
type Message = { id?: unknown; result?: any; error?: any };

async function session(url: string) {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
    });
  const init = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'wire', version: '1' } },
  });
  const headers = { 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
  expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
  return async (id: number, params: unknown): Promise<Message> => {
    const res = await post({ jsonrpc: '2.0', id, method: 'tools/call', params }, headers);
    expect(res.status).toBe(200);
    return (await res.json()) as Message;
  };
}

/** An answer without what two runs of the same call never share. */
function comparable(message: Message) {
  if (!message.result) return message;
  const { structuredContent, content, ...rest } = message.result;
  const { metadata, context, ...envelope } = structuredContent;
  const { durationMs: _d, timestamp: _t, cache: _c, ...stable } = metadata;
  const { executionId: _e, ...ctx } = context ?? {};
  // The text's first line is the heading with the timing; the rest is the data.
  const text = (content as { text: string }[]).map((c) => c.text.split('\n').slice(1).join('\n'));
  return { id: message.id, rest, envelope, metadata: stable, context: ctx, text };
}

describe('direct tools/call path against the SDK handler', () => {
  let direct: ServerProcess;
  let sdk: ServerProcess;

  beforeAll(async () => {
    const args = ['--root', SAMPLE, '--engine', 'wasm', '--no-cache'];
    [direct, sdk] = await Promise.all([startHttpServer(args), startHttpServer([...args, '--direct-calls', 'off'])]);
  });

  afterAll(async () => {
    await Promise.all([direct?.stop(), sdk?.stop()]);
  });

  it('gives the same answers to the same calls', async () => {
    const [a, b] = await Promise.all([session(direct.url), session(sdk.url)]);
    const calls: unknown[] = [
      { name: 'analyze_complexity', arguments: { path: SAMPLE } },
      { name: 'analyze_structure', arguments: { path: SAMPLE, detail: 'summary' } },
      { name: 'analyze_dependencies', arguments: { path: SAMPLE } },
      { name: 'no_such_tool', arguments: {} },
      { name: 'analyze_complexity', arguments: { path: 42 } },
      { name: 'analyze_complexity' },
      // Not plain: both servers answer through the SDK (its own errors).
      { name: 7 },
      { arguments: {} },
      { name: 'server_info', arguments: [] },
    ];
    const answers: Message[] = [];
    for (const [i, params] of calls.entries()) {
      const [x, y] = await Promise.all([a(i + 1, params), b(i + 1, params)]);
      expect(comparable(x), JSON.stringify(params)).toEqual(comparable(y));
      answers.push(x);
    }
    const codes = answers.map((m) => m.result?.structuredContent.status.code ?? m.error.code);
    expect(codes).toEqual([
      'OK',
      'OK',
      'OK',
      'NOT_FOUND',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      -32602,
      -32602,
      -32602,
    ]);
    expect(answers[0]!.result.structuredContent.data.files.length).toBeGreaterThan(0);
  });

  it('tells server_info the protocol the session negotiated', async () => {
    const [a, b] = await Promise.all([session(direct.url), session(sdk.url)]);
    const [x, y] = await Promise.all([
      a(1, { name: 'server_info', arguments: {} }),
      b(1, { name: 'server_info', arguments: {} }),
    ]);
    expect(x.result.structuredContent.data.client).toEqual({ protocolVersion: '2025-06-18', era: 'legacy' });
    expect(y.result.structuredContent.data.client).toEqual(x.result.structuredContent.data.client);
  });
});
