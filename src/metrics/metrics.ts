import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import { UNKNOWN_TOOL, type OperationObserver, type ServedOperation } from '../registry/tool-call.js';
import type { ToolDeps } from '../tools/deps.js';
import { countingEngines } from './engine-counting.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { TimedSessionStore } from './store-timing.js';

// Prometheus metrics of one server process, in a registry of its own (never prom-client's
// global one: tests run several apps in one process, and a library must not fill its host's
// registry). Names follow the OpenTelemetry MCP semantic conventions where they define one
// (mcp.server.operation.duration and its attributes, with dots as underscores, as Grafana's
// MCP server exposes them); ours are prefixed mca_. No label takes a value from a path, a
// session or an execution id: every label has a small, known set of values.

/** OTel's advice for mcp.server.operation.duration, in seconds. */
export const OPERATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
/** A store operation takes from tens of microseconds (memory) to seconds (a lock wait). */
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BREAKER_STATES: Record<string, number> = { closed: 0, halfOpen: 1, open: 2 };
const TIERS = ['memory', 'disk', 'content', 'redis'] as const;
// A protocol version is a date; anything else (never seen: the SDK refuses unknown versions
// before our handler runs) is one bucket, so a client cannot mint label values.
const PROTOCOL_VERSION = /^\d{4}-\d{2}-\d{2}$/;
/** Counting the sessions of a Redis store is a SCAN: at most once per this, whatever the scrape rate. */
const SESSION_COUNT_TTL_MS = 15_000;

/** What the metrics read at scrape time from parts built elsewhere; each is optional. */
export interface MetricPulls {
  /** Live instances in the fleet's registry. */
  fleetInstances?: () => Promise<number>;
  /** Shadow-mode comparisons so far (cumulative): files compared equal, different, or not compared. */
  shadow?: () => { match: number; mismatch: number; skipped?: number };
}

export interface MetricsOptions {
  /** OTel network.transport: `pipe` for stdio, `tcp` for HTTP. One per process: `serve` runs one transport. */
  transport: 'pipe' | 'tcp';
}

export class AppMetrics implements OperationObserver {
  readonly registry = new Registry();
  private readonly operations: Histogram<
    'mcp_method_name' | 'gen_ai_tool_name' | 'error_type' | 'network_transport' | 'mcp_protocol_version'
  >;
  private readonly toolCalls: Counter<'tool' | 'code'>;
  private readonly engineFiles: Counter<'engine' | 'language'>;
  private readonly storeOps: Histogram<'store' | 'op'>;
  private pulls: MetricPulls = {};
  private server: MetricsServer | undefined;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    // Node's process metrics under their usual names (process_*, nodejs_*): the dashboards and
    // alerts written for them work unchanged, and Prometheus' job/instance labels already tell
    // this server from others, so a prefix would only break them.
    collectDefaultMetrics({ register: this.registry });
    this.operations = new Histogram({
      name: 'mcp_server_operation_duration_seconds',
      help: 'MCP request duration on the server, from the request reaching its handler to its result (OTel mcp.server.operation.duration).',
      labelNames: ['mcp_method_name', 'gen_ai_tool_name', 'error_type', 'network_transport', 'mcp_protocol_version'],
      buckets: OPERATION_BUCKETS,
      registers,
    });
    this.toolCalls = new Counter({
      name: 'mca_tool_calls_total',
      help: 'Tool calls by tool and envelope status code (OK or the error catalog code).',
      labelNames: ['tool', 'code'],
      registers,
    });
    this.engineFiles = new Counter({
      name: 'mca_engine_files_total',
      help: 'Files analysed by an engine (cache hits excluded), by engine and language.',
      labelNames: ['engine', 'language'],
      registers,
    });
    this.storeOps = new Histogram({
      name: 'mca_store_operation_duration_seconds',
      help: 'Session store operations, by store kind and operation.',
      labelNames: ['store', 'op'],
      buckets: STORE_BUCKETS,
      registers,
    });
    const pulls = () => this.pulls;
    new Counter({
      name: 'mca_shadow_comparisons_total',
      help: 'Files compared by shadow mode (the other engine run on the same files), by result: match, mismatch, skipped (not compared).',
      labelNames: ['result'],
      registers,
      collect() {
        const counts = pulls().shadow?.() ?? { match: 0, mismatch: 0 };
        this.reset();
        this.inc({ result: 'match' }, counts.match);
        this.inc({ result: 'mismatch' }, counts.mismatch);
        if (counts.skipped !== undefined) this.inc({ result: 'skipped' }, counts.skipped);
      },
    });
  }

  /**
   * Wraps the store and the engine provider of the tools' dependencies (timing, counting) and
   * registers what is read from them at scrape time. Called once, by the composition root,
   * before anything uses the deps.
   */
  instrument(deps: ToolDeps): void {
    const registers = [this.registry];
    const sessions = new TimedSessionStore(deps.sessions, this.storeOps);
    deps.sessions = sessions;
    deps.engines = countingEngines(deps.engines, this.engineFiles);
    const files = deps.analyses.files;
    new Counter({
      name: 'mca_cache_requests_total',
      help: 'Per-file result lookups by cache tier (memory, disk, content, redis) and result (hit, miss).',
      labelNames: ['tier', 'result'],
      registers,
      // The tiers count their own hits and misses; read at scrape time, no hook on the hot path.
      collect() {
        const stats = files.stats() as Partial<Record<(typeof TIERS)[number], { hits: number; misses: number }>>;
        this.reset();
        for (const tier of TIERS) {
          const s = stats[tier];
          if (!s) continue;
          this.inc({ tier, result: 'hit' }, s.hits);
          this.inc({ tier, result: 'miss' }, s.misses);
        }
      },
    });
    new Gauge({
      name: 'mca_store_healthy',
      help: 'Whether the session store answers (1) or not (0).',
      registers,
      async collect() {
        this.set((await sessions.healthy().catch(() => false)) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'mca_breaker_state',
      help: "The Redis connection's circuit breaker: 0 closed, 1 half-open, 2 open (0 without Redis).",
      registers,
      collect() {
        const redis = deps.features().redis as { breaker?: string } | undefined;
        this.set(BREAKER_STATES[redis?.breaker ?? 'closed'] ?? 0);
      },
    });
    let counted: { at: number; value: number } | undefined;
    new Gauge({
      name: 'mca_sessions_live',
      help: 'Live tool sessions in the session store (the whole store: with Redis every instance reports the fleet total).',
      registers,
      async collect() {
        if (!counted || Date.now() - counted.at > SESSION_COUNT_TTL_MS) {
          const value = await sessions.count().catch(() => undefined);
          if (value !== undefined) counted = { at: Date.now(), value };
        }
        if (counted) this.set(counted.value);
      },
    });
  }

  /**
   * Once the app is built: the parts made after the deps (the fleet, shadow mode) are read at
   * scrape time, and with a port /metrics is served apart from the MCP endpoint (the only way
   * to scrape a stdio server). A port in use fails the start, as the MCP port does.
   */
  async start(options: { pulls: MetricPulls; port?: number | undefined; host: string; log: Logger }): Promise<void> {
    this.pull(options.pulls);
    if (options.port === undefined) return;
    this.server = await startMetricsServer(this, options.port, options.host);
    options.log.info({ url: this.server.url }, 'serving metrics');
    // The line a supervisor or test reads to find the port (stderr: stdout may be the protocol's).
    process.stderr.write(`mcp-code-analysis metrics on ${this.server.url}\n`);
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private pull(pulls: MetricPulls): void {
    this.pulls = pulls;
    if (pulls.fleetInstances) {
      const instances = pulls.fleetInstances;
      new Gauge({
        name: 'mca_fleet_instances',
        help: "Live instances in the fleet's registry, as this instance sees it.",
        registers: [this.registry],
        async collect() {
          const n = await instances().catch(() => undefined);
          if (n !== undefined) this.set(n);
        },
      });
    }
  }

  /** One observation per served MCP request (the registry's tools/list and tools/call handlers). */
  served(op: ServedOperation): void {
    this.operations.observe(
      {
        mcp_method_name: op.method,
        network_transport: this.options.transport,
        ...(op.tool !== undefined ? { gen_ai_tool_name: op.tool } : {}),
        ...(op.errorType !== undefined ? { error_type: op.errorType } : {}),
        ...(op.protocolVersion !== undefined
          ? { mcp_protocol_version: PROTOCOL_VERSION.test(op.protocolVersion) ? op.protocolVersion : 'other' }
          : {}),
      },
      op.seconds,
    );
    // A call to a name no tool has never becomes an execution, so it has no record to count.
    if (op.method === 'tools/call' && op.tool === UNKNOWN_TOOL)
      this.toolCalls.inc({ tool: UNKNOWN_TOOL, code: 'NOT_FOUND' });
  }

  /** The execution service's observer: every finished execution, whatever answered it. */
  readonly recorded = (record: ExecutionRecord): void => {
    this.toolCalls.inc({ tool: record.tool, code: record.outcome?.code ?? record.state });
  };

  /** The exposition in Prometheus text format, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
