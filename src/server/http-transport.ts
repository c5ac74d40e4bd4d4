import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { toJson } from '../envelope/json-fragments.js';
import { isPlainToolCall, jsonRpcErrorOf, type DirectToolCall, type PlainToolCall } from './direct-tool-calls.js';
import type { ResumableStreams } from './fleet/resumable-streams.js';
import type { StreamInfo } from './fleet/stream-log.js';
import { writeJsonRpcError } from './json-rpc-error.js';
import { isId, isObject } from './json-rpc-values.js';

// The server side of one 2025-era Streamable HTTP transport session, on node:http directly.
//
// Why not the SDK's NodeStreamableHTTPServerTransport: it turns every request into a Web
// Request and every answer into a Web Response (through @hono/node-server and undici), and it
// fixes one answer mode for the whole session: SSE (the answer of a quick call goes out as
// headers, an event and a closing chunk: three writes) or JSON (one write, but progress
// notifications of a call are silently dropped). Here the mode is chosen per POST, lazily:
// an answer stays undecided until its first message; if that message is the final response
// it goes out as one application/json body, and if a notification (progress) comes first
// the answer becomes an SSE stream, with the same events the SDK writes. So a call with a
// progressToken streams its progress and every other call costs one write.
// The checks and their status codes are the SDK transport's (406, 415, 400, 404, 409, 405).
//
// With `streams`, an SSE answer is resumable (SEP-1699): it opens with a retry hint and a
// priming event id, every event is kept under an id, and a client whose connection broke
// resumes with GET + Last-Event-ID on any instance of the fleet (see fleet/resumable-streams).
// A call with a progressToken answers in SSE at once, so it is resumable from its start.
//
// With `calls`, plain tools/call requests do not go to the SDK's Protocol (onmessage): they run
// through `calls` (direct-tool-calls.ts), and this transport keeps their cancellation.

const MAX_BATCH_SIZE = 100;
/** The SDK's interval of SSE keep-alive comments. */
const KEEP_ALIVE_MS = 15_000;
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export interface HttpTransportOptions {
  /** Awaited before the initialize request is dispatched, so the session exists before its answer leaves. */
  onsessioninitialized?: (sessionId: string, initialize: Record<string, unknown>) => void | Promise<void>;
  onsessionclosed?: (sessionId: string) => void;
  keepAliveMs?: number;
  /** Serve a session opened earlier (possibly by another instance) instead of waiting for initialize. */
  sessionId?: string;
  /** Where SSE answers are kept for resumption. */
  streams?: ResumableStreams;
  /** A cancellation for a request not running here (it may run on another instance). */
  oncancel?: (requestId: RequestId, reason: string | undefined) => void;
  /** This instance claimed a stream whose owner died (see ResumableStreams.follow). */
  ontakeover?: (stream: string, info: StreamInfo) => void;
  /** Runs plain tools/call requests here instead of handing them to the SDK's Protocol (direct-tool-calls.ts). */
  calls?: DirectToolCall;
}

/** The answer of one POST that carried requests: undecided, then JSON or SSE. */
interface Reply {
  /** Absent for a call taken over from a dead instance: its events go to the stream only. */
  res?: ServerResponse;
  /** Requests of this POST not answered yet. */
  pending: Set<RequestId>;
  /** Responses held while the mode is undecided (a batch answered in JSON needs all of them). */
  held: JSONRPCMessage[];
  batch: boolean;
  sse: boolean;
  gone: boolean;
  keepAlive?: NodeJS.Timeout;
  /** The resumable stream of an SSE answer, and its appends in order. */
  stream?: string;
  queue: Promise<void>;
  ids: RequestId[];
  /**
   * The single request of the POST: kept with its stream (up to MAX_KEPT_REQUEST_BYTES) so that another instance can
   * run it again.
   */
  request?: JSONRPCRequest;
}

/** Requests kept with their stream for a takeover: bigger ones are not run again elsewhere. */
const MAX_KEPT_REQUEST_BYTES = 256 * 1024;

const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } =>
  'id' in m && ('result' in m || 'error' in m);
const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId; method: string } =>
  'method' in m && 'id' in m;
const sseEvent = (message: JSONRPCMessage) => `event: message\ndata: ${toJson(message)}\n\n`;

const hasProgressToken = (m: JSONRPCMessage): boolean => {
  const meta = (m as { params?: { _meta?: { progressToken?: unknown } } }).params?._meta;
  return meta?.progressToken !== undefined;
};
const isCancel = (m: JSONRPCMessage): m is JSONRPCMessage & { params: { requestId: RequestId; reason?: string } } =>
  'method' in m &&
  m.method === 'notifications/cancelled' &&
  isId((m as { params?: { requestId?: unknown } }).params?.requestId);

/**
 * The shape of a JSON-RPC 2.0 message (request, notification, result or error), checked by hand:
 * the SDK's Protocol validates each message against its schemas again, so a zod parse here
 * would be paid twice per call. What fails here is answered 400 as the SDK transport does.
 */
function isJsonRpcMessage(m: unknown): m is JSONRPCMessage {
  if (!isObject(m) || m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string')
    return (m.id === undefined || isId(m.id)) && (m.params === undefined || isObject(m.params));
  return isId(m.id) && (isObject(m.result) || isObject(m.error));
}

function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export class HttpServerTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  private initialized = false;
  private closed = false;
  private supportedVersions: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
  private readonly replies = new Map<RequestId, Reply>();
  private standalone: { res: ServerResponse; keepAlive: NodeJS.Timeout } | undefined;
  /** Answers to requests this transport made up itself (the replayed initialize). */
  private readonly internal = new Map<RequestId, () => void>();
  /** The cancellation of each tools/call running through options.calls. */
  private readonly direct = new Map<RequestId, AbortController>();

  constructor(private readonly options: HttpTransportOptions = {}) {
    if (options.sessionId !== undefined) {
      this.sessionId = options.sessionId;
      this.initialized = true;
    }
  }

  /**
   * Brings the connected server to the state its session's first instance reached, through
   * the SDK's own code: the client's initialize request again (its answer goes nowhere),
   * then notifications/initialized.
   */
  async replayInitialize(params: Record<string, unknown>): Promise<void> {
    const id = `mca-replayed-initialize-${randomUUID()}`;
    const answered = new Promise<void>((resolve) => this.internal.set(id, resolve));
    this.onmessage?.({ jsonrpc: '2.0', id, method: 'initialize', params } as JSONRPCMessage);
    await answered;
    this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
  }

  /** Delivers a cancellation that reached another instance; false when the request does not run here. */
  deliverCancel(requestId: RequestId, reason: string | undefined): boolean {
    if (!this.replies.has(requestId)) return false;
    this.dispatch({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId, ...(reason ? { reason } : {}) },
    } as JSONRPCMessage);
    return true;
  }

  /**
   * Answers, on its stream, a call whose instance died: runs the kept request again here, or,
   * when none was kept, answers each request with an error saying to send it again.
   */
  async adoptOrphan(stream: string, info: StreamInfo): Promise<void> {
    const streams = this.options.streams;
    if (!streams) return;
    if (!info.request) {
      for (const id of info.ids) {
        await streams.append(stream, {
          jsonrpc: '2.0',
          id,
          error: {
            code: -32603,
            message: 'The instance answering this request stopped before it finished; send the request again.',
          },
        } as JSONRPCMessage);
      }
      await streams.end(stream);
      return;
    }
    const request = info.request;
    const reply: Reply = {
      pending: new Set([request.id]),
      held: [],
      batch: false,
      sse: true,
      gone: true,
      stream,
      queue: Promise.resolve(),
      ids: [request.id],
    };
    this.replies.set(request.id, reply);
    this.dispatch(request);
  }

  async start(): Promise<void> {}

  setSupportedProtocolVersions(versions: string[]): void {
    this.supportedVersions = versions;
  }

  /** One HTTP request of this session; body is the parsed JSON of a POST. */
  async handleRequest(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    if (this.closed) return writeJsonRpcError(res, 404, -32001, 'Session not found');
    switch (req.method) {
      case 'POST':
        return this.post(req, res, body);
      case 'GET':
        return this.get(req, res);
      case 'DELETE':
        return this.delete(req, res);
      default:
        return writeJsonRpcError(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
    }
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isResponse(message) && this.internal.has(message.id)) {
      this.internal.get(message.id)!();
      this.internal.delete(message.id);
      return;
    }
    const requestId = isResponse(message) ? message.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isResponse(message))
        throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
      if (this.standalone) this.standalone.res.write(sseEvent(message));
      return;
    }
    const reply = this.replies.get(requestId);
    // the client is gone: the answer is undeliverable, as with the SDK transport without an event store
    if (!reply) return;
    if (!isResponse(message)) {
      if (!reply.sse) this.startSse(reply);
      this.writeEvent(reply, message);
      return;
    }
    this.replies.delete(requestId);
    reply.pending.delete(requestId);
    if (reply.sse) this.writeEvent(reply, message);
    else reply.held.push(message);
    if (reply.pending.size === 0) this.finish(reply);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const reply of new Set(this.replies.values())) {
      if (reply.stream) {
        // Left open in the store: after this instance is gone, another one takes the call over.
        clearInterval(reply.keepAlive);
        if (!reply.gone) reply.res?.end();
        continue;
      }
      // As the SDK's SSE mode does: the stream ends without the answers still owed.
      if (!reply.sse) this.startSse(reply);
      this.finish(reply);
    }
    this.replies.clear();
    if (this.standalone) {
      clearInterval(this.standalone.keepAlive);
      this.standalone.res.end();
      this.standalone = undefined;
    }
    // As the SDK's Protocol does with its handlers when its transport closes.
    for (const controller of this.direct.values()) controller.abort(new Error('Connection closed'));
    this.direct.clear();
    this.onclose?.();
  }

  private async post(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return writeJsonRpcError(
        res,
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    }
    if (!isJsonContentType(req.headers['content-type']))
      return writeJsonRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE)
      return writeJsonRpcError(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    const messages: unknown[] = Array.isArray(body) ? body : [body];
    if (!messages.every(isJsonRpcMessage))
      return writeJsonRpcError(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    const initialize = messages.some((m) => isRequest(m) && m.method === 'initialize');
    if (initialize) {
      if (this.initialized) return writeJsonRpcError(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1)
        return writeJsonRpcError(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = randomUUID();
      this.initialized = true;
      const init = messages.find((m) => isRequest(m) && m.method === 'initialize') as {
        params?: Record<string, unknown>;
      };
      await this.options.onsessioninitialized?.(this.sessionId, init.params ?? {});
    } else if (!this.checkSession(req, res)) {
      return;
    }
    const requests = messages.filter(isRequest);
    if (requests.length === 0) {
      for (const message of messages) this.dispatch(message);
      res.writeHead(202);
      res.end();
      return;
    }
    const ids = requests.map((r) => r.id);
    const single = requests.length === 1 && !Array.isArray(body) ? (requests[0] as JSONRPCRequest) : undefined;
    const reply: Reply = {
      res,
      pending: new Set(ids),
      held: [],
      batch: Array.isArray(body),
      sse: false,
      gone: false,
      queue: Promise.resolve(),
      ids,
    };
    if (single) reply.request = single;
    for (const id of reply.pending) this.replies.set(id, reply);
    res.once('close', () => {
      reply.gone = true;
      clearInterval(reply.keepAlive);
      // A resumable answer goes on being kept for the client's return; any other is dropped.
      if (!reply.stream) for (const id of reply.pending) if (this.replies.get(id) === reply) this.replies.delete(id);
    });
    if (this.options.streams && requests.some(hasProgressToken)) this.startSse(reply);
    for (const message of messages) this.dispatch(message);
  }

  /**
   * A plain tools/call runs directly (options.calls) and its cancellation stops it here; a
   * cancellation of a request that does not run here goes to the fleet; the rest to the server.
   */
  private dispatch(message: JSONRPCMessage): void {
    if (isCancel(message)) {
      const running = this.direct.get(message.params.requestId);
      if (running) return void running.abort(message.params.reason);
      if (this.options.oncancel && !this.replies.has(message.params.requestId))
        return this.options.oncancel(message.params.requestId, message.params.reason);
    } else if (this.options.calls && isRequest(message) && isPlainToolCall(message as JSONRPCRequest)) {
      return this.callDirect(this.options.calls, message as PlainToolCall);
    }
    this.onmessage?.(message);
  }

  /** One tools/call without the SDK's Protocol: its progress and its answer go out as the SDK's would. */
  private callDirect(call: DirectToolCall, request: PlainToolCall): void {
    const id = request.id;
    const controller = new AbortController();
    this.direct.set(id, controller);
    const notify = (notification: { method: string; params: Record<string, unknown> }) =>
      this.send({ jsonrpc: '2.0', ...notification } as JSONRPCMessage, { relatedRequestId: id });
    call(request, { signal: controller.signal, notify })
      .then(
        (result) => ({ jsonrpc: '2.0' as const, id, result }),
        (error: unknown) => ({ jsonrpc: '2.0' as const, id, error: jsonRpcErrorOf(error) }),
      )
      // A cancelled request is not answered (the SDK's rule, and the spec's).
      .then((response) => (controller.signal.aborted ? undefined : this.send(response as JSONRPCMessage)))
      .catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        if (this.direct.get(id) === controller) this.direct.delete(id);
      });
  }

  private async get(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!req.headers.accept?.includes('text/event-stream'))
      return writeJsonRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (!this.checkSession(req, res)) return;
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string' && this.options.streams)
      return this.resume(res, this.options.streams, lastEventId);
    if (this.standalone)
      return writeJsonRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    res.writeHead(200, this.headers(SSE_HEADERS));
    res.flushHeaders();
    const standalone = { res, keepAlive: this.keepAlive(res) };
    this.standalone = standalone;
    res.once('close', () => {
      clearInterval(standalone.keepAlive);
      if (this.standalone === standalone) this.standalone = undefined;
    });
  }

  /** GET with Last-Event-ID: the events after it, then the rest of the stream as it comes. */
  private async resume(res: ServerResponse, streams: ResumableStreams, lastEventId: string): Promise<void> {
    const at = streams.parse(lastEventId);
    // Another session's stream is answered as an unknown one: ids reveal nothing.
    const info = at ? await streams.info(at.stream) : undefined;
    if (!at || !info || info.session !== this.sessionId)
      return writeJsonRpcError(res, 404, -32001, 'Unknown Last-Event-ID: no such event stream in this session.');
    res.writeHead(200, this.headers(SSE_HEADERS));
    res.write(`retry: ${streams.retryMs}\n\n`);
    const left = new AbortController();
    const keepAlive = this.keepAlive(res);
    res.once('close', () => left.abort());
    try {
      await streams.follow(at.stream, at.seq, {
        signal: left.signal,
        send: (id, json) => void res.write(`id: ${id}\nevent: message\ndata: ${json}\n\n`),
        takeOver: (stream, taken) => this.options.ontakeover?.(stream, taken),
      });
    } finally {
      clearInterval(keepAlive);
      res.end();
    }
  }

  private async delete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.checkSession(req, res)) return;
    try {
      this.options.onsessionclosed?.(this.sessionId!);
      res.writeHead(200);
      res.end();
    } finally {
      await this.close();
    }
  }

  /** Mcp-Session-Id must name this session, and MCP-Protocol-Version (when sent) be one we speak. */
  private checkSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) {
      writeJsonRpcError(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const sid = req.headers['mcp-session-id'];
    if (!sid) {
      writeJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (sid !== this.sessionId) {
      writeJsonRpcError(res, 404, -32001, 'Session not found');
      return false;
    }
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !this.supportedVersions.includes(version)) {
      writeJsonRpcError(
        res,
        400,
        -32000,
        `Bad Request: Unsupported protocol version: ${version} (supported versions: ${this.supportedVersions.join(', ')})`,
      );
      return false;
    }
    return true;
  }

  private headers(base: Record<string, string>): Record<string, string> {
    return this.sessionId === undefined ? base : { ...base, 'mcp-session-id': this.sessionId };
  }

  private keepAlive(res: ServerResponse): NodeJS.Timeout {
    return setInterval(() => res.write(': keepalive\n\n'), this.options.keepAliveMs ?? KEEP_ALIVE_MS).unref();
  }

  /** A message other than the final answer came first: the answer becomes an SSE stream. */
  private startSse(reply: Reply): void {
    reply.sse = true;
    if (reply.gone || !reply.res) return; // the client cannot resume a stream it never saw
    const streams = this.options.streams;
    reply.res.writeHead(200, this.headers(SSE_HEADERS));
    if (streams && this.sessionId !== undefined && !this.closed) {
      const stream = randomUUID();
      reply.stream = stream;
      // Measured here, not per POST: only an answer that streams keeps its request.
      const kept =
        reply.request && JSON.stringify(reply.request).length <= MAX_KEPT_REQUEST_BYTES ? reply.request : undefined;
      const info: StreamInfo = {
        session: this.sessionId,
        owner: streams.instanceId,
        ids: reply.ids,
        ...(kept ? { request: kept } : {}),
      };
      reply.queue = streams.open(stream, info).catch(() => undefined);
      reply.res.write(`retry: ${streams.retryMs}\nid: ${streams.primingId(stream)}\ndata: \n\n`);
    }
    const held = reply.held;
    reply.held = [];
    for (const message of held) this.writeEvent(reply, message);
    reply.keepAlive = this.keepAlive(reply.res);
  }

  /** One event of an SSE answer: kept first (when resumable), then written if the client is there. */
  private writeEvent(reply: Reply, message: JSONRPCMessage): void {
    const streams = this.options.streams;
    const stream = reply.stream;
    if (!stream || !streams) {
      if (!reply.gone) reply.res?.write(sseEvent(message));
      return;
    }
    reply.queue = reply.queue.then(async () => {
      // The store away: the event still goes out, without an id to resume from.
      const id = await streams.append(stream, message).catch(() => undefined);
      if (!reply.gone) reply.res?.write((id ? `id: ${id}\n` : '') + sseEvent(message));
    });
  }

  /** Every request of the POST is answered: one JSON body (one write), or the end of the stream. */
  private finish(reply: Reply): void {
    clearInterval(reply.keepAlive);
    const streams = this.options.streams;
    const stream = reply.stream;
    if (stream && streams) {
      reply.queue = reply.queue
        .then(() => streams.end(stream).catch(() => undefined))
        .then(() => void (reply.gone ? undefined : reply.res?.end()));
      return;
    }
    if (reply.gone || !reply.res) return;
    if (reply.sse) {
      reply.res.end();
      return;
    }
    const body = reply.batch ? JSON.stringify(reply.held) : toJson(reply.held[0]);
    reply.res.writeHead(
      200,
      this.headers({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    );
    reply.res.end(body);
  }
}
