import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { writeJsonRpcError } from './json-rpc-error.js';

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

const MAX_BATCH_SIZE = 100;
/** The SDK's interval of SSE keep-alive comments. */
const KEEP_ALIVE_MS = 15_000;
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' };

export interface HttpTransportOptions {
  onsessioninitialized?: (sessionId: string) => void;
  onsessionclosed?: (sessionId: string) => void;
  keepAliveMs?: number;
}

/** The answer of one POST that carried requests: undecided, then JSON or SSE. */
interface Reply {
  res: ServerResponse;
  /** Requests of this POST not answered yet. */
  pending: Set<RequestId>;
  /** Responses held while the mode is undecided (a batch answered in JSON needs all of them). */
  held: JSONRPCMessage[];
  batch: boolean;
  sse: boolean;
  gone: boolean;
  keepAlive?: NodeJS.Timeout;
}

const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } => 'id' in m && ('result' in m || 'error' in m);
const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId; method: string } => 'method' in m && 'id' in m;
const sseEvent = (message: JSONRPCMessage) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;

const isId = (id: unknown) => typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The shape of a JSON-RPC 2.0 message (request, notification, result or error), checked by hand:
 * the SDK's Protocol validates each message against its schemas again, so a zod parse here
 * would be paid twice per call. What fails here is answered 400 as the SDK transport does.
 */
function isJsonRpcMessage(m: unknown): m is JSONRPCMessage {
  if (!isObject(m) || m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string') return (m.id === undefined || isId(m.id)) && (m.params === undefined || isObject(m.params));
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

  constructor(private readonly options: HttpTransportOptions = {}) {}

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
    const requestId = isResponse(message) ? message.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isResponse(message)) throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
      if (this.standalone) this.standalone.res.write(sseEvent(message));
      return;
    }
    const reply = this.replies.get(requestId);
    if (!reply) return; // the client is gone: the answer is undeliverable, as with the SDK transport without an event store
    if (!isResponse(message)) {
      if (!reply.sse) this.startSse(reply);
      reply.res.write(sseEvent(message));
      return;
    }
    this.replies.delete(requestId);
    reply.pending.delete(requestId);
    if (reply.sse) reply.res.write(sseEvent(message));
    else reply.held.push(message);
    if (reply.pending.size === 0) this.finish(reply);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const reply of new Set(this.replies.values())) {
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
    this.onclose?.();
  }

  private async post(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return writeJsonRpcError(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(req.headers['content-type'])) return writeJsonRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) return writeJsonRpcError(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    const messages: unknown[] = Array.isArray(body) ? body : [body];
    if (!messages.every(isJsonRpcMessage)) return writeJsonRpcError(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    const initialize = messages.some((m) => isRequest(m) && m.method === 'initialize');
    if (initialize) {
      if (this.initialized) return writeJsonRpcError(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return writeJsonRpcError(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = randomUUID();
      this.initialized = true;
      this.options.onsessioninitialized?.(this.sessionId);
    } else if (!this.checkSession(req, res)) {
      return;
    }
    const requests = messages.filter(isRequest);
    if (requests.length === 0) {
      for (const message of messages) this.onmessage?.(message);
      res.writeHead(202);
      res.end();
      return;
    }
    const reply: Reply = { res, pending: new Set(requests.map((r) => r.id)), held: [], batch: Array.isArray(body), sse: false, gone: false };
    for (const id of reply.pending) this.replies.set(id, reply);
    res.once('close', () => {
      reply.gone = true;
      clearInterval(reply.keepAlive);
      for (const id of reply.pending) if (this.replies.get(id) === reply) this.replies.delete(id);
    });
    for (const message of messages) this.onmessage?.(message);
  }

  private async get(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!req.headers.accept?.includes('text/event-stream')) return writeJsonRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (!this.checkSession(req, res)) return;
    if (this.standalone) return writeJsonRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    res.writeHead(200, this.headers(SSE_HEADERS));
    res.flushHeaders();
    const standalone = { res, keepAlive: this.keepAlive(res) };
    this.standalone = standalone;
    res.once('close', () => {
      clearInterval(standalone.keepAlive);
      if (this.standalone === standalone) this.standalone = undefined;
    });
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
      writeJsonRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${this.supportedVersions.join(', ')})`);
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
    if (reply.gone) return;
    reply.res.writeHead(200, this.headers(SSE_HEADERS));
    for (const held of reply.held) reply.res.write(sseEvent(held));
    reply.held = [];
    reply.keepAlive = this.keepAlive(reply.res);
  }

  /** Every request of the POST is answered: one JSON body (one write), or the end of the stream. */
  private finish(reply: Reply): void {
    clearInterval(reply.keepAlive);
    if (reply.gone) return;
    if (reply.sse) {
      reply.res.end();
      return;
    }
    const body = JSON.stringify(reply.batch ? reply.held : reply.held[0]);
    reply.res.writeHead(200, this.headers({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }));
    reply.res.end(body);
  }
}
