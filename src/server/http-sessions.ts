import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest, type Server } from '@modelcontextprotocol/server';
import type { App } from './app.js';
import { buildServer } from './build-server.js';
import { HttpServerTransport } from './http-transport.js';
import { writeJsonRpcError } from './json-rpc-error.js';

interface Connection {
  transport: HttpServerTransport;
  server: Server;
  lastSeen: number;
}

/**
 * MCP transport sessions of the Streamable HTTP endpoint (Mcp-Session-Id), one server instance
 * each. They are what lets a client's cancellation and progress reach the call it concerns.
 * Tool sessions (sessionId arguments) are a different thing and live in the session store,
 * so any instance can serve them. Idle transport sessions are closed to bound memory.
 */
export class HttpSessions {
  private readonly connections = new Map<string, Connection>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly app: App,
    private readonly idleMs = 30 * 60 * 1000,
    private readonly max = 1000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, idleMs)).unref();
  }

  get size(): number {
    return this.connections.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? this.connections.get(id) : undefined;
    if (existing) {
      existing.lastSeen = Date.now();
      return existing.transport.handleRequest(req, res, body);
    }
    if (typeof id === 'string') return writeJsonRpcError(res, 404, -32001, 'Unknown or expired Mcp-Session-Id: initialize again.');
    if (req.method !== 'POST' || !isInitializeRequest(body)) return writeJsonRpcError(res, 400, -32000, 'No Mcp-Session-Id: the first request must be initialize.');
    if (this.connections.size >= this.max) this.sweep(true);
    return this.open(req, res, body);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(all.map((c) => c.server.close()));
  }

  private async open(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = buildServer(this.app);
    const transport: HttpServerTransport = new HttpServerTransport({
      onsessioninitialized: (sid) => void this.connections.set(sid, { transport, server, lastSeen: Date.now() }),
      onsessionclosed: (sid) => void this.connections.delete(sid),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.connections.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Close transport sessions idle past idleMs (or the oldest tenth when full). */
  private sweep(full = false): void {
    const now = Date.now();
    const byAge = [...this.connections.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    const cut = full ? Math.max(1, Math.floor(byAge.length / 10)) : 0;
    byAge.forEach(([sid, c], i) => {
      if (i < cut || now - c.lastSeen > this.idleMs) {
        this.connections.delete(sid);
        void c.server.close().catch(() => undefined);
      }
    });
  }
}
