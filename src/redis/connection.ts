import { createClient, createClientPool, createCluster, RESP_TYPES } from 'redis';
import { CircuitBreaker, type BreakerOptions } from './breaker.js';
import { isUnavailableError, storeUnavailable } from './errors.js';
import { withDeadline } from './deadline.js';
import { HealthMonitor, type RedisHealth } from './health.js';
import { Redactor } from './redact.js';
import { refusalReason, resolveRedisTarget, type RedisTarget, type RedisTlsFiles } from './target.js';

export type RedisArg = string | Buffer;
type Client = ReturnType<typeof createClient>;
type Cluster = ReturnType<typeof createCluster>;
type Pool = ReturnType<typeof createClientPool>;

export interface RedisLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface RedisConnectionOptions {
  /** Standalone server, e.g. redis://127.0.0.1:6379, rediss://user:password@host:6380/0. */
  url?: string;
  /** Cluster root nodes; when given, the connection is a cluster client. */
  clusterNodes?: string[];
  /** Overrides the URL's password (the URL may then name the ACL user only). */
  password?: string;
  /** PEM files for rediss:// URLs. */
  tls?: RedisTlsFiles;
  /**
   * Standalone only, for measurement (bench/redis-pool.ts): send through node-redis's client
   * pool of this many connections instead of pipelining every command over one.
   */
  pool?: number;
  pingIntervalMs?: number;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  breaker?: BreakerOptions;
  logger?: RedisLogger;
}

/** One master (the only one when standalone): SCAN and PING must visit each of them. */
export interface RedisNode {
  address: string;
  call<T>(args: RedisArg[], binary?: boolean): Promise<T>;
}

/** withDeadline bounds every call; the client's per-command AbortSignal would only add cost (~8% CPU). */
const NO_QUEUE_TIMEOUT = { timeout: 0 };
const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer };
const SILENT: RedisLogger = { warn: () => {}, info: () => {} };

/** node-redis socket options for rediss://: the CA and the client certificate when given. */
function tlsSocket(t: RedisTarget) {
  if (!t.tls) return {};
  const client = t.cert && t.key ? { cert: t.cert, key: t.key } : {};
  return { tls: true as const, ...(t.ca ? { ca: t.ca } : {}), ...client };
}

/**
 * The managed connection: the only code that talks to the redis client. Every call goes
 * through the circuit breaker, so while Redis is away callers get STORE_UNAVAILABLE at once
 * (the offline queue is disabled) instead of waiting on a socket that is not there.
 */
export class RedisConnection {
  readonly mode: 'standalone' | 'cluster';
  readonly breaker: CircuitBreaker;
  /** Where it connects; its display form is the URL(s) without passwords. */
  readonly target: RedisTarget;
  private readonly client: Client | undefined;
  private readonly cluster: Cluster | undefined;
  private readonly pool: Pool | undefined;
  private readonly redactor: Redactor;
  private refused: string | undefined;
  private onRefused: (() => void) | undefined;
  private readonly timeoutMs: number;
  private readonly logger: RedisLogger;
  private readonly monitor: HealthMonitor;
  private readonly subscribers: Client[] = [];
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(options: RedisConnectionOptions) {
    this.timeoutMs = options.commandTimeoutMs ?? 2000;
    this.logger = options.logger ?? SILENT;
    this.breaker = new CircuitBreaker(options.breaker);
    const cluster = Boolean(options.clusterNodes?.length);
    const urls = cluster ? options.clusterNodes! : [options.url ?? 'redis://127.0.0.1:6379'];
    this.target = resolveRedisTarget(urls, {
      ...(options.password ? { password: options.password } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    this.redactor = new Redactor(this.target.secrets);
    const t = this.target;
    const socket = {
      connectTimeout: options.connectTimeoutMs ?? 2000,
      // Exponential backoff with jitter, capped low: recovery must take seconds, not minutes.
      reconnectStrategy: (retries: number) => {
        const base = Math.min((options.reconnectBaseMs ?? 50) * 2 ** retries, options.reconnectMaxMs ?? 1000);
        return Math.round(base / 2 + (Math.random() * base) / 2);
      },
      // A cluster's discovered nodes get these too: TLS and credentials go in `defaults`, not in a root node's URL.
      ...tlsSocket(t),
    };
    const credentials = {
      ...(t.username !== undefined ? { username: t.username } : {}),
      ...(t.password !== undefined ? { password: t.password } : {}),
    };
    if (cluster) {
      this.mode = 'cluster';
      this.cluster = createCluster({
        rootNodes: t.nodes.map((node) => ({ socket: node })),
        defaults: { socket, ...credentials, disableOfflineQueue: true },
        commandOptions: NO_QUEUE_TIMEOUT,
      });
      this.cluster.on('error', (e: unknown) => this.onError(e, false));
    } else {
      this.mode = 'standalone';
      const clientOptions = {
        socket: { ...socket, ...t.nodes[0]! },
        ...credentials,
        ...(t.database !== undefined ? { database: t.database } : {}),
        disableOfflineQueue: true,
        commandOptions: NO_QUEUE_TIMEOUT,
      };
      this.client = createClient(clientOptions);
      this.client.on('error', (e: unknown) => this.onError(e, true));
      this.client.on('ready', () => {
        this.refused = undefined;
        this.breaker.success();
      });
      if (options.pool) {
        const size = { minimum: options.pool, maximum: options.pool };
        this.pool = createClientPool(clientOptions, { ...size, acquireTimeout: this.timeoutMs });
        this.pool.on('error', (e: unknown) => this.onError(e, false));
      }
    }
    this.monitor = new HealthMonitor(this, this.breaker, options.pingIntervalMs ?? 1000);
  }

  /**
   * Start connecting and wait up to waitMs; false when Redis is not there (yet), or at once
   * when it refuses us (see refusal).
   */
  async connect(waitMs = 5000): Promise<boolean> {
    const connecting = this.startConnecting();
    this.monitor.start();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
    const refused = new Promise<'refused'>((r) => (this.onRefused = () => r('refused')));
    if (this.refused) this.onRefused?.();
    const result = await Promise.race([connecting.then(() => 'done' as const), timeout, refused]);
    clearTimeout(timer);
    this.onRefused = undefined;
    return result === 'done' && this.isOpen();
  }

  /**
   * Why Redis refuses this configuration (credentials, TLS trust, client certificate), in
   * words that name the problem and no secret; undefined while it only cannot be reached.
   * The connection keeps retrying either way; a server at start-up should stop instead.
   */
  get refusal(): string | undefined {
    return this.refused;
  }

  /**
   * A standalone client retries its first connection by itself; a cluster client gives up
   * when no root node answers, so the health probe starts it again (see rawNodes).
   */
  private startConnecting(): Promise<void> {
    this.connecting ??= (async () => {
      await (this.cluster ?? this.client)!.connect();
      await this.pool?.connect();
    })().catch((e: unknown) => {
      this.connecting = undefined;
      this.breaker.trip(this.redactor.text(String(e)));
    });
    return this.connecting;
  }

  isOpen(): boolean {
    return (this.cluster ?? this.client)!.isOpen;
  }

  /** A command routed by its first key (cluster) through the breaker. */
  async call<T>(key: string | undefined, args: RedisArg[], binary = false): Promise<T> {
    return this.guard(() => this.send<T>(key, args, binary));
  }

  /** Every master, for SCAN and PING; on a cluster the list follows failovers. */
  async nodes(): Promise<RedisNode[]> {
    return this.guard(async () => this.rawNodes());
  }

  /** Runs fn unless the circuit is open; connection failures count against the breaker. */
  async guard<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.breaker.allow()) throw storeUnavailable(`circuit open (${this.breaker.lastError ?? 'no connection'})`);
    try {
      const result = await fn();
      this.breaker.success();
      return result;
    } catch (error) {
      // node-redis may quote what it was given; nothing leaves this class unscrubbed.
      this.redactor.error(error);
      if (!isUnavailableError(error)) throw error;
      this.breaker.failure(error instanceof Error ? error.message : String(error));
      throw storeUnavailable(error instanceof Error ? error.message : String(error), error);
    }
  }

  /**
   * Subscribe on a dedicated connection (node-redis resubscribes after reconnects). onReady
   * fires on every (re)connection: messages may have been missed while it was down. Waits
   * at most waitMs; while Redis is away the subscription completes in the background.
   */
  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
    onReady: () => void,
    waitMs = 2000,
  ): Promise<void> {
    let subscribed: Promise<void>;
    if (this.cluster) {
      this.cluster.on('node-ready', onReady);
      subscribed = this.cluster.subscribe(channel, (m: string) => onMessage(m));
    } else {
      const sub = this.client!.duplicate();
      sub.on('error', () => {});
      sub.on('ready', onReady);
      this.subscribers.push(sub);
      subscribed = sub.connect().then(() => sub.subscribe(channel, (m: string) => onMessage(m)));
    }
    await withDeadline(subscribed, waitMs).catch((e: unknown) =>
      this.logger.warn({ err: this.redactor.text(String(e)), channel }, 'subscribe pending'),
    );
  }

  health(): RedisHealth {
    return this.monitor.snapshot(this.mode);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.monitor.stop();
    for (const sub of this.subscribers.splice(0)) if (sub.isOpen) sub.destroy();
    if (this.pool?.isOpen) this.pool.destroy();
    const main = this.cluster ?? this.client!;
    if (!main.isOpen) return;
    // close() waits for pending replies; a hung server must not hang shutdown.
    const closed = main.close().then(
      () => true,
      () => false,
    );
    if (!(await withDeadline(closed, 1000).catch(() => false)) && main.isOpen) main.destroy();
  }

  /** @internal without the breaker: the health monitor's probe (its errors become server_info's lastError). */
  async rawNodes(): Promise<RedisNode[]> {
    const scrub = (e: unknown) => Promise.reject(this.redactor.error(e));
    const nodes = await this.rawNodesUnscrubbed().catch(scrub);
    return nodes.map((n) => ({
      address: n.address,
      call: <T>(args: RedisArg[], binary?: boolean) => n.call<T>(args, binary).catch(scrub),
    }));
  }

  private async rawNodesUnscrubbed(): Promise<RedisNode[]> {
    if (!this.isOpen() && !this.connecting && !this.closed) void this.startConnecting();
    if (!this.cluster) {
      const { host, port } = this.target.nodes[0]!;
      return [{ address: `${host}:${port}`, call: (a, b) => this.send(undefined, a, b ?? false) }];
    }
    const masters = [...this.cluster.masters].sort((a, b) =>
      `${a.host}:${a.port}`.localeCompare(`${b.host}:${b.port}`),
    );
    return Promise.all(
      masters.map(async (m) => {
        const client = await this.cluster!.nodeClient(m);
        const call = <T>(args: RedisArg[], binary?: boolean) =>
          withDeadline(client.sendCommand<T>(args, binary ? { typeMapping: BINARY } : {}), this.timeoutMs);
        return { address: `${m.host}:${m.port}`, call };
      }),
    );
  }

  private send<T>(key: string | undefined, args: RedisArg[], binary: boolean): Promise<T> {
    const options = binary ? { typeMapping: BINARY } : {};
    if (this.cluster) return withDeadline(this.cluster.sendCommand<T>(key, false, args, options), this.timeoutMs);
    if (this.pool) return withDeadline(this.pool.sendCommand(args, options) as Promise<T>, this.timeoutMs);
    return withDeadline(this.client!.sendCommand<T>(args, options), this.timeoutMs);
  }

  private onError(error: unknown, tripOnDisconnect: boolean): void {
    this.redactor.error(error);
    const refusal = refusalReason(error, this.target);
    if (refusal) {
      this.refused = refusal;
      this.onRefused?.();
    }
    const message = error instanceof Error ? error.message : String(error);
    // Standalone: a lost socket means every call will fail, so open at once.
    if (tripOnDisconnect && isUnavailableError(error)) this.breaker.trip(message);
    this.logger.warn({ err: message, mode: this.mode }, 'redis connection error');
  }
}
