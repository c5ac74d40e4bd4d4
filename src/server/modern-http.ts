import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMcpHandler, type AuthInfo, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { App } from './app.js';
import { buildServer } from './build-server.js';

// The 2026-07-28 era on node:http: the SDK's createMcpHandler answers each request with a fresh
// server from the factory (no protocol session, so any instance can answer any request), and
// this file is the small bridge between node:http and the handler's Web Request/Response face.
// We do not take @modelcontextprotocol/node for it: our edge already holds the parsed body, and
// the bridge is a few lines.

// Headers that describe the bytes on the wire: the Web Request carries no body (the handler gets
// the parsed one), so they would describe nothing.
const ENTITY_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding']);

/**
 * The Web Request of a node:http request whose body has been read and parsed already (the
 * handler and the classification take the parsed body; the Request carries none).
 */
export function webRequestOf(req: IncomingMessage, signal?: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (!ENTITY_HEADERS.has(name.toLowerCase())) headers.append(name, raw[i + 1]!);
  }
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new Request(url, { method: req.method ?? 'GET', headers, ...(signal ? { signal } : {}) });
}

/**
 * Fires when the client goes away before its answer is complete: in the 2026 era, closing the
 * response is how a client cancels a call (there is no notifications/cancelled over HTTP).
 * Only the modern leg pays for it: a Request with a signal costs three times one without.
 */
function clientGone(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Resolves when a full socket buffer has drained, or the response has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });
}

/**
 * Writes a Web Response to node:http, streaming its body as it comes (SSE: progress, then the
 * result) and waiting for the socket to drain when it is full. SSE answers say
 * `X-Accel-Buffering: no`, so a proxy (nginx) passes events on at once instead of holding them.
 */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (headers['content-type']?.startsWith('text/event-stream')) headers['x-accel-buffering'] = 'no';
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // The client going away cancels the body: the SDK's transport closes its side of the exchange.
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } catch {
    // The body failed or was cancelled: the client is gone, or the exchange was torn down.
  } finally {
    res.off('close', onClose);
    res.end();
  }
}

/** The modern leg: a strict 2026-07-28 handler (2025-era traffic is routed elsewhere, see http.ts). */
export class ModernHttp {
  private readonly handler: McpHttpHandler;

  constructor(app: App) {
    this.handler = createMcpHandler(() => buildServer(app), {
      legacy: 'reject',
      // Reporting only: refusals (unsupported version, bad envelope) are answered by the SDK.
      onerror: (error) => app.log.debug({ err: error }, 'modern request refused or failed'),
    });
  }

  /** One request the SDK classified modern; body is its parsed JSON. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    authInfo: AuthInfo | undefined,
  ): Promise<void> {
    const request = webRequestOf(req, clientGone(res));
    const response = await this.handler.fetch(request, { parsedBody: body, ...(authInfo ? { authInfo } : {}) });
    if (res.destroyed) return void (await response.body?.cancel().catch(() => undefined));
    await writeWebResponse(res, response);
  }

  /** Aborts modern exchanges in flight and closes their servers. */
  close(): Promise<void> {
    return this.handler.close();
  }
}
