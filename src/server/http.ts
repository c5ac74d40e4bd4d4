import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { allowedHostnames, checkBearer, checkHostAndOrigin } from './http-guards.js';
import { HttpSessions } from './http-sessions.js';
import { writeJsonRpcError } from './json-rpc-error.js';
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

/** Streamable HTTP at /mcp, plus /healthz (alive) and /readyz (stores reachable, accepting). */
export async function startHttp(app: App): Promise<HttpRunning> {
  const { config } = app;
  const sessions = new HttpSessions(app);
  const allowed = allowedHostnames(config.host, config.allowedHosts);
  let accepting = true;
  // POSTs still writing their answer: shutdown waits for them, or a finished call's result
  // would be cut off with the connection.
  let answering = 0;

  const readiness = async (res: ServerResponse) => {
    const storeOk = await app.deps.sessions.healthy().catch(() => false);
    json(res, accepting && storeOk ? 200 : 503, { ready: accepting && storeOk, accepting, store: { kind: app.deps.sessions.kind, healthy: storeOk } });
  };

  const mcp = async (req: IncomingMessage, res: ServerResponse) => {
    if (!checkHostAndOrigin(req, res, allowed) || !checkBearer(req, res, config.authToken)) return;
    if (!accepting) return writeJsonRpcError(res, 503, -32000, 'The server is shutting down.');
    if (req.method === 'POST') {
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
    await sessions.handle(req, res, body);
  };

  const server: HttpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = path === '/healthz' ? async () => json(res, 200, { status: 'alive' }) : path === '/readyz' ? () => readiness(res) : path === '/mcp' ? () => mcp(req, res) : async () => json(res, 404, { error: 'Not found: the MCP endpoint is /mcp.' });
    route().catch((error: unknown) => {
      app.log.error({ err: error }, 'http request failed');
      if (!res.headersSent) writeJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
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
      for (let waited = 0; answering > 0 && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await sessions.closeAll();
      server.closeAllConnections();
    },
  };
}
