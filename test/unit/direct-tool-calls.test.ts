import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { isPlainToolCall, jsonRpcErrorOf, type DirectToolCall } from '../../src/server/direct-tool-calls.js';
import { HttpServerTransport } from '../../src/server/http-transport.js';

// The light dispatcher's routing inside our 2025-era transport, on a real node:http server:
// which requests run directly and which go to the SDK's Protocol (onmessage), how their
// cancellation, progress, errors and the session's close reach a direct call.

const SESSION = 'direct-test-session';
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-session-id': SESSION,
};

const call = (id: number, params: Record<string, unknown>) => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

describe('isPlainToolCall', () => {
  it('takes tools/call requests whose params are name, arguments and _meta, well formed', () => {
    expect(isPlainToolCall(call(1, { name: 'x' }) as never)).toBe(true);
    expect(isPlainToolCall(call(1, { name: 'x', arguments: { a: 1 }, _meta: { progressToken: 'p' } }) as never)).toBe(
      true,
    );
    expect(isPlainToolCall(call(1, { name: 'x', _meta: { progressToken: 3 } }) as never)).toBe(true);
  });

  it('leaves to the SDK what it has to judge or does not know', () => {
    const notPlain = [
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
      { jsonrpc: '2.0', id: 1, method: 'tools/call' },
      call(1, {}),
      call(1, { name: 7 }),
      call(1, { name: 'x', arguments: [1] }),
      call(1, { name: 'x', arguments: 'a' }),
      call(1, { name: 'x', _meta: 'm' }),
      call(1, { name: 'x', _meta: { progressToken: { a: 1 } } }),
      call(1, { name: 'x', _meta: { progressToken: 1.5 } }),
      call(1, { name: 'x', task: { ttl: 1000 } }),
    ];
    for (const request of notPlain) expect(isPlainToolCall(request as never), JSON.stringify(request)).toBe(false);
  });
});

describe('jsonRpcErrorOf', () => {
  it('writes what a call threw as the SDK does', () => {
    expect(jsonRpcErrorOf(Object.assign(new Error('bad'), { code: -32602, data: { x: 1 } }))).toEqual({
      code: -32602,
      message: 'bad',
      data: { x: 1 },
    });
    expect(jsonRpcErrorOf(Object.assign(new Error('gone'), { code: -32002 }))).toEqual({
      code: -32602,
      message: 'gone',
    });
    expect(jsonRpcErrorOf(new Error('boom'))).toEqual({ code: -32603, message: 'boom' });
    expect(jsonRpcErrorOf(undefined)).toEqual({ code: -32603, message: 'Internal error' });
    expect(jsonRpcErrorOf({ code: 1.5, message: 3 })).toEqual({ code: -32603, message: 'Internal error' });
  });
});

describe('HttpServerTransport with direct calls', () => {
  let http: HttpServer | undefined;
  let transport: HttpServerTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    http = undefined;
    transport = undefined;
  });

  /** A session already initialized, its calls run by `calls`, everything else collected from onmessage. */
  async function serve(calls: DirectToolCall) {
    const toSdk: JSONRPCMessage[] = [];
    const t = new HttpServerTransport({ sessionId: SESSION, calls });
    t.onmessage = (message) => void toSdk.push(message);
    transport = t;
    http = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => void t.handleRequest(req, res, JSON.parse(text)));
    });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
    const post = (body: unknown, signal?: AbortSignal) =>
      fetch(url, { method: 'POST', headers: HEADERS, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
    return { toSdk, post, transport: t };
  }

  it('answers a plain call from `calls`, in one JSON body, without the SDK', async () => {
    const seen: unknown[] = [];
    const { toSdk, post } = await serve(async (request) => {
      seen.push(request.params);
      return { content: [{ type: 'text', text: `hi ${request.params.name}` }] };
    });
    const res = await post(call(4, { name: 'echo', arguments: { a: 1 } }));
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: 4,
      result: { content: [{ type: 'text', text: 'hi echo' }] },
    });
    expect(seen).toEqual([{ name: 'echo', arguments: { a: 1 } }]);
    expect(toSdk).toEqual([]);
  });

  it('hands every other request to the SDK', async () => {
    let direct = 0;
    const {
      toSdk,
      post,
      transport: t,
    } = await serve(async () => {
      direct++;
      return {};
    });
    const sdkAnswer = post(call(5, { name: 'echo', task: { ttl: 10 } }));
    await expect.poll(() => toSdk.length).toBe(1);
    expect(toSdk[0]).toMatchObject({ id: 5, method: 'tools/call' });
    await t.send({ jsonrpc: '2.0', id: 5, result: { from: 'sdk' } } as JSONRPCMessage);
    expect(await (await sdkAnswer).json()).toMatchObject({ id: 5, result: { from: 'sdk' } });
    expect(direct).toBe(0);
  });

  it('answers a call that threw with its JSON-RPC error', async () => {
    const { post } = await serve(async () => {
      throw Object.assign(new Error('no such thing'), { code: -32602 });
    });
    expect(await (await post(call(6, { name: 'x' }))).json()).toEqual({
      jsonrpc: '2.0',
      id: 6,
      error: { code: -32602, message: 'no such thing' },
    });
  });

  it('streams the progress a direct call sends before its answer', async () => {
    const { post } = await serve(async (_request, io) => {
      await io.notify({ method: 'notifications/progress', params: { progressToken: 'p', progress: 1, total: 2 } });
      return { content: [] };
    });
    const res = await post(call(7, { name: 'x', _meta: { progressToken: 'p' } }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
    expect(events).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 1, total: 2 } },
      { jsonrpc: '2.0', id: 7, result: { content: [] } },
    ]);
  });

  it('aborts a direct call on notifications/cancelled, which the SDK never sees, and leaves it unanswered', async () => {
    let reason: unknown;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const {
      toSdk,
      post,
      transport: t,
    } = await serve(
      (_request, io) =>
        new Promise((resolve) => {
          started();
          io.signal.addEventListener('abort', () => {
            reason = io.signal.reason;
            resolve({ content: [{ type: 'text', text: 'too late' }] });
            finished();
          });
        }),
    );
    const client = new AbortController();
    const answer = post(call(8, { name: 'slow' }), client.signal).catch((error: unknown) => error);
    await running;
    const sent: JSONRPCMessage[] = [];
    const send = t.send.bind(t);
    t.send = async (message, options) => {
      sent.push(message);
      return send(message, options);
    };
    const cancel = await post({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 8, reason: 'user' },
    });
    expect(cancel.status).toBe(202);
    await done;
    expect(reason).toBe('user');
    // the call's own settling runs before the transport would answer: let it
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([]);
    expect(toSdk).toEqual([]);
    client.abort();
    await answer;
  });

  it('aborts the direct calls still running when the session closes', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const aborted = new Promise<unknown>((resolve) => {
      void serve(
        (_request, io) =>
          new Promise(() => {
            started();
            io.signal.addEventListener('abort', () => resolve(io.signal.reason));
          }),
      ).then(({ post }) => post(call(9, { name: 'slow' })).catch(() => undefined));
    });
    await running;
    await transport!.close();
    expect(String(await aborted)).toContain('Connection closed');
  });
});
