import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJsonContentType } from '@modelcontextprotocol/server';
import { writeMetrics } from '../metrics/metrics-server.js';
import type { App } from './app.js';
import { isLegacyTraffic } from './era.js';
import { allowedHostnames, bearerGuard, hostAndOriginGuard } from './http-guards.js';
import { HttpSessions } from './http-sessions.js';
import { writeJsonRpcError } from './json-rpc-error.js';
import { ModernHttp, writeWebResponse } from './modern-http.js';
import { BodyNotJson, BodyTooLarge, readJsonBody } from './read-body.js';
import type { RunningServer } from './stdio.js';

export interface HttpRunning extends RunningServer {
  url: string;
  port: number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Streamable HTTP at /mcp in both protocol eras, plus /healthz (alive), /readyz (stores
 * reachable, accepting) and /metrics (Prometheus; without /mcp's Host/Origin and bearer
 * guards, like the probes: a scraper sends neither, so keep this port off public networks or
 * serve metrics apart with --metrics-port). On /mcp the SDK's own classification (classifyInboundRequest, see era.ts)
 * routes each
 * request: 2025-era traffic to its transport session (HttpSessions, Mcp-Session-Id), 2026-07-28
 * traffic to a fresh server per request (ModernHttp).
 */
export async function startHttp(app: App): Promise<HttpRunning> {
  const { config } = app;
  app.registry.listings(); // tool listings and JSON Schemas built once, before the first request
  const sessions = new HttpSessions(app);
  const modern = new ModernHttp(app);
  const hostAndOrigin = hostAndOriginGuard(allowedHostnames(config.host, config.allowedHosts));
  const bearer = bearerGuard(config.authToken);
  let accepting = true;
  // POSTs still writing their answer: shutdown waits for them, or a finished call's result
  // would be cut off with the connection.
  let answering = 0;

  const readiness = async (res: ServerResponse) => {
    const storeOk = await app.deps.sessions.healthy().catch(() => false);
    json(res, accepting && storeOk ? 200 : 503, {
      ready: accepting && storeOk,
      accepting,
      store: { kind: app.deps.sessions.kind, healthy: storeOk },
    });
  };

  const mcp: Route = async (req, res) => {
    if (!hostAndOrigin(req, res)) return;
    const auth = await bearer(req);
    if (auth instanceof Response) return writeWebResponse(res, auth);
    if (!accepting) return writeJsonRpcError(res, 503, -32000, 'The server is shutting down.');
    if (req.method === 'POST') {
      // Checked before the body is read, for both eras (the SDK's classification does not).
      if (!isJsonContentType(req.headers['content-type']))
        return writeJsonRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
      answering++;
      res.once('close', () => answering--);
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return writeJsonRpcError(res, 413, -32600, error.message);
      if (error instanceof BodyNotJson) return writeJsonRpcError(res, 400, -32700, error.message);
      throw error;
    }
    if (isLegacyTraffic(req, body)) return sessions.handle(req, res, body);
    return modern.handle(req, res, body, auth);
  };

  const routes = new Map<string, Route>([
    ['/mcp', mcp],
    ['/healthz', async (_req, res) => json(res, 200, { status: 'alive' })],
    ['/readyz', async (_req, res) => readiness(res)],
  ]);
  const notFound: Route = async (_req, res) => json(res, 404, { error: 'Not found: the MCP endpoint is /mcp.' });
  const metrics = app.metrics;
  if (metrics) routes.set('/metrics', (req, res) => writeMetrics(metrics, req, res));

  const server: HttpServer = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = routes.get(query < 0 ? url : url.slice(0, query)) ?? notFound;
    route(req, res).catch((error: unknown) => {
      app.log.error({ err: error }, 'http request failed');
      if (!res.headersSent) writeJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    });
  });
  server.requestTimeout = 0; // long analyses stream progress; deadlines are the execution machine's job
  // Idle keep-alive connections outlive those of the proxies and clients in front (nginx keeps
  // upstream connections 60 s): with Node's 5 s, a request sent on a connection the server was
  // closing at that moment failed ("other side closed"; a 502 behind nginx).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    port,
    async stopAccepting() {
      accepting = false;
      server.close(); // no new connections; open ones finish their calls
      server.closeIdleConnections();
    },
    async close() {
      for (let waited = 0; answering > 0 && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await Promise.all([sessions.closeAll(), modern.close()]);
      server.closeAllConnections();
    },
  };
}
