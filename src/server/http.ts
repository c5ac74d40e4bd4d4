import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { App } from './app.js';
import { buildServer } from './build-server.js';
import { allowedHostnames, checkBearer, checkHostAndOrigin } from './http-guards.js';
import type { RunningServer } from './stdio.js';

export interface HttpRunning extends RunningServer {
  url: string;
  port: number;
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Streamable HTTP at /mcp. Stateless at the transport: every request may reach any instance,
 * because what outlives a request (sessions, records) lives in the session store, not here.
 */
export async function startHttp(app: App): Promise<HttpRunning> {
  const { config } = app;
  const mcp = createMcpHandler(() => buildServer(app), {
    legacy: 'stateless',
    maxRequestBodySize: config.maxBodyBytes,
    onerror: (error) => app.log.warn({ err: error }, 'http transport error'),
  });
  const handle = toNodeHandler(mcp, { maxRequestBodySize: config.maxBodyBytes, onerror: (error) => app.log.warn({ err: error }, 'http handler error') });
  const allowed = allowedHostnames(config.host, config.allowedHosts);
  let accepting = true;

  const server: HttpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'alive' });
    if (path === '/readyz') {
      void app.deps.sessions
        .healthy()
        .catch(() => false)
        .then((storeOk) => json(res, accepting && storeOk ? 200 : 503, { ready: accepting && storeOk, store: { kind: app.deps.sessions.kind, healthy: storeOk }, accepting }));
      return;
    }
    if (path !== '/mcp') return json(res, 404, { error: 'not found; the MCP endpoint is /mcp' });
    if (!checkHostAndOrigin(req, res, allowed) || !checkBearer(req, res, config.authToken)) return;
    if (!accepting) return json(res, 503, { jsonrpc: '2.0', error: { code: -32000, message: 'Server is shutting down.' }, id: null });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.maxBodyBytes) return json(res, 413, { jsonrpc: '2.0', error: { code: -32600, message: `Body over ${config.maxBodyBytes} bytes.` }, id: null });
    handle(req, res).catch((error: unknown) => {
      app.log.error({ err: error }, 'http request failed');
      if (!res.headersSent) json(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    });
  });
  server.requestTimeout = 0; // long analyses stream progress; deadlines are the execution machine's job

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
      server.closeAllConnections();
      await mcp.close();
    },
  };
}
