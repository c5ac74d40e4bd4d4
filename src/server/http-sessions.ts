import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest, type RequestId, type Server } from '@modelcontextprotocol/server';
import type { App } from './app.js';
import { buildServer } from './build-server.js';
import { directToolCalls } from './direct-tool-calls.js';
import type { FleetMessage } from './fleet/fleet-bus.js';
import type { StreamInfo } from './fleet/stream-log.js';
import { HttpServerTransport } from './http-transport.js';
import { writeJsonRpcError } from './json-rpc-error.js';

interface Connection {
  transport: HttpServerTransport;
  server: Server;
  lastSeen: number;
  /** Last time the shared session record's TTL was renewed from here. */
  touched: number;
}

/** A session in use renews its shared record at most this often (one write, not one per call). */
const TOUCH_EVERY_MS = 60_000;

/**
 * MCP transport sessions of the Streamable HTTP endpoint (Mcp-Session-Id), one server instance
 * each. They are what lets a client's cancellation and progress reach the call it concerns.
 * With a shared store (--store redis) a session opened on one instance is served by any:
 * the instance that does not know it yet rebuilds it from the shared record (the client's
 * initialize request, replayed into a fresh server). A cancellation for a call running on
 * another instance goes to it over the fleet's channel; a resumed stream whose instance died
 * is taken over here. Tool sessions (sessionId arguments) are a different thing and live in
 * the session store. Idle transport sessions are closed here to bound memory; the shared
 * record expires by its own TTL.
 */
export class HttpSessions {
  private readonly connections = new Map<string, Connection>();
  /** Rebuilds in progress: concurrent requests of one session wait for the same one. */
  private readonly rebuilding = new Map<string, Promise<Connection | undefined>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly app: App,
    private readonly idleMs = 30 * 60 * 1000,
    private readonly max = 1000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, idleMs)).unref();
    app.fleet.bus.on((message) => this.onFleetMessage(message));
  }

  get size(): number {
    return this.connections.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      let connection: Connection | undefined;
      try {
        connection = this.connections.get(id) ?? (await this.rebuild(id));
      } catch (error) {
        this.app.log.warn({ err: error }, 'shared transport session unreadable');
        return writeJsonRpcError(res, 503, -32000, 'The session store is unreachable; retry shortly.');
      }
      if (!connection)
        return writeJsonRpcError(res, 404, -32001, 'Unknown or expired Mcp-Session-Id: initialize again.');
      this.used(id, connection);
      return connection.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body))
      return writeJsonRpcError(res, 400, -32000, 'No Mcp-Session-Id: the first request must be initialize.');
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
    const shared = this.app.fleet.sessions;
    const connection = await this.connect(undefined, async (sid, initialize) => {
      this.connections.set(sid, connection);
      // Stored before the answer leaves: the client's next request may land on another instance.
      await shared
        ?.save(sid, initialize)
        .catch((error: unknown) =>
          this.app.log.warn({ err: error }, 'transport session not shared: other instances will not know it'),
        );
    });
    await connection.transport.handleRequest(req, res, body);
  }

  /** A session another instance opened (or this one, before an idle sweep): rebuilt from the shared record. */
  private rebuild(id: string): Promise<Connection | undefined> {
    const shared = this.app.fleet.sessions;
    if (!shared) return Promise.resolve(undefined);
    let pending = this.rebuilding.get(id);
    if (!pending) {
      pending = (async () => {
        const initialize = await shared.load(id);
        if (!initialize) return undefined;
        const connection = await this.connect(id);
        await connection.transport.replayInitialize(initialize);
        this.connections.set(id, connection);
        return connection;
      })().finally(() => this.rebuilding.delete(id));
      this.rebuilding.set(id, pending);
    }
    return pending;
  }

  private async connect(
    sessionId: string | undefined,
    onsessioninitialized?: (sid: string, initialize: Record<string, unknown>) => Promise<void>,
  ): Promise<Connection> {
    const { fleet, config, registry, callTool } = this.app;
    const server = buildServer(this.app);
    const transport: HttpServerTransport = new HttpServerTransport({
      ...(sessionId !== undefined ? { sessionId } : {}),
      ...(onsessioninitialized ? { onsessioninitialized } : {}),
      onsessionclosed: (sid) => this.closed(sid),
      streams: fleet.streams,
      oncancel: (requestId, reason) => this.cancelElsewhere(transport, requestId, reason),
      ontakeover: (stream, info) => void this.takeOver(stream, info),
      ...(config.directCalls === 'on' ? { calls: directToolCalls(server, registry, callTool) } : {}),
    });
    transport.onclose = () => {
      if (transport.sessionId && this.connections.get(transport.sessionId)?.transport === transport)
        this.connections.delete(transport.sessionId);
    };
    await server.connect(transport);
    const now = Date.now();
    return { transport, server, lastSeen: now, touched: now };
  }

  private used(id: string, connection: Connection): void {
    const now = Date.now();
    connection.lastSeen = now;
    const shared = this.app.fleet.sessions;
    if (shared && now - connection.touched > TOUCH_EVERY_MS) {
      connection.touched = now;
      void shared.touch(id).catch(() => undefined);
    }
  }

  /** The client ended the session (DELETE): everywhere, not only here. */
  private closed(sid: string): void {
    this.connections.delete(sid);
    const { fleet } = this.app;
    if (!fleet.sessions) return;
    void fleet.sessions.remove(sid).catch(() => undefined);
    void fleet.bus.publish({ t: 'closed', session: sid }).catch(() => undefined);
  }

  private cancelElsewhere(transport: HttpServerTransport, requestId: RequestId, reason: string | undefined): void {
    const session = transport.sessionId;
    if (session === undefined) return;
    void this.app.fleet.bus
      .publish({ t: 'cancel', session, request: requestId, ...(reason ? { reason } : {}) })
      .catch((error: unknown) => this.app.log.warn({ err: error }, 'cancellation not sent to the fleet'));
  }

  private onFleetMessage(message: FleetMessage): void {
    if (message.t === 'cancel') {
      this.connections.get(message.session)?.transport.deliverCancel(message.request, message.reason);
    } else if (message.t === 'closed') {
      const connection = this.connections.get(message.session);
      if (!connection) return;
      this.connections.delete(message.session);
      void connection.server.close().catch(() => undefined);
    }
  }

  /** The instance running a resumed stream's call died and this one won the claim: answer it here. */
  private async takeOver(stream: string, info: StreamInfo): Promise<void> {
    try {
      const connection = this.connections.get(info.session) ?? (await this.rebuild(info.session));
      if (!connection) return;
      this.app.log.warn({ stream, session: info.session }, 'taking over a call whose instance stopped');
      await connection.transport.adoptOrphan(stream, info);
    } catch (error) {
      this.app.log.warn({ err: error, stream }, 'could not take over an orphaned call');
    }
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
