import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { FileResults } from '../analysis/file-results.js';
import { TreeWatches } from '../analysis/tree-watches.js';
import { ShadowedAnalyses, type ShadowRuns } from '../analysis/shadow.js';
import { SnapshotStore } from '../analysis/snapshots.js';
import { Navigation } from '../navigation/navigation.js';
import { SharedTagsTier, type SharedTags } from '../navigation/tags-tiers.js';
import { LocalJobQueue } from '../batch/local-queue.js';
import { MemoryBatchStore } from '../batch/memory-store.js';
import { BatchService } from '../batch/service.js';
import { DiskCache } from '../cache/disk-cache.js';
import type { Config } from '../config/config.js';
import { selectEngine, type EngineProvider } from '../engine/select.js';
import type { FileTags } from '../engine/tags.js';
import type { FileAnalysis } from '../engine/types.js';
import { WasmEngine } from '../engine/wasm/engine.js';
import { available, instanceCapabilities, unavailable, type Capabilities } from '../flags/capabilities.js';
import { defaultFlags } from '../flags/definitions.js';
import { FileFlagSource } from '../flags/file-source.js';
import { RuntimeFlags } from '../flags/runtime-flags.js';
import { ExecutionService } from '../execution/service.js';
import type { AppMetrics } from '../metrics/metrics.js';
import { ToolRegistry } from '../registry/registry.js';
import { toolCaller, type ToolCaller } from '../registry/tool-call.js';
import { Roots } from '../security/roots.js';
import { MemorySessionStore } from '../session/memory-store.js';
import { readSnapshot, writeSnapshot } from '../session/snapshot.js';
import { localFleet, type Fleet } from './fleet/fleet.js';
import type { SessionStore } from '../session/types.js';
import type { ToolDeps } from '../tools/deps.js';
import type { RedisWiring } from './redis-wiring.js';
import { batchRunner } from './batch-runner.js';
import { SERVER_VERSION } from './version.js';

/** Everything one server process runs on; transports and the CLI share it. */
export interface App {
  config: Config;
  log: Logger;
  deps: ToolDeps;
  registry: ToolRegistry;
  service: ExecutionService;
  /** Runs a tools/call (the service, observed by the metrics): every transport's handler calls it. */
  callTool: ToolCaller;
  /** What the HTTP edge shares with the other instances (this process alone with the memory store). */
  fleet: Fleet;
  /** Prometheus metrics (src/metrics/); undefined with --metrics off and where nothing can scrape them. */
  metrics?: AppMetrics | undefined;
  /**
   * Runtime feature flags in force here (src/flags): read at each use, so a change applies to the next session or
   * analysis.
   */
  flags: RuntimeFlags;
  /** Shadow mode's comparisons so far: shadow.stats() → { match, mismatch, skipped }. */
  shadow: ShadowRuns;
  /** server_info.features.capabilities; a component wired later reports itself with capabilities.set(name, probe). */
  capabilities: Capabilities;
  /** Batches (src/batch): this instance's worker runs when `batchWorker` was asked for. */
  batches: BatchService;
  close(): Promise<void>;
}

export interface AppOverrides {
  sessions?: SessionStore;
  engines?: EngineProvider;
  registry?: ToolRegistry;
  /** Base of the retry backoff (tests make it small). */
  backoffBaseMs?: number;
  /** A command-line run: one analysis, then exit (no content hashing without Redis: nothing could hit). */
  oneShot?: boolean;
  /** Run batch jobs in this process (default: servers do, command-line runs do not). */
  batchWorker?: boolean;
}

/** The composition root: builds the stores, the engine and the execution service from config. */
export async function createApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  const roots = new Roots(config.roots);
  // Runtime flags (src/flags) are read at each use: a change applies to the next session or analysis.
  const flags = new RuntimeFlags(defaultFlags({ engine: config.engine }), log);
  const share = (percent: () => number) => () => Math.random() * 100 < percent();
  // The Redis client is loaded only when used: it is a fifth of a command-line run's start-up.
  const redis =
    config.store === 'redis' && !overrides.sessions
      ? await (
          await import('./redis-wiring.js')
        ).wireRedis(config, log, { newSessionInRedis: share(() => flags.get('sessions.redisPercent')) })
      : undefined;
  if (redis && config.flagsFile)
    log.warn({ flagsFile: config.flagsFile }, '--flags-file is ignored with --store redis: the flags live in Redis');
  // A command-line run reads no flags: they steer servers.
  const flagSource = overrides.oneShot
    ? undefined
    : (redis?.flags ?? (config.flagsFile ? new FileFlagSource(config.flagsFile) : undefined));
  if (flagSource) await flags.follow(flagSource);
  const sessions = overrides.sessions ?? redis?.sessions ?? (await createMemoryStore(config, log));
  const engines =
    overrides.engines ??
    selectEngine({
      mode: config.engine,
      createWasm: (threads = config.workers) => new WasmEngine(threads !== undefined ? { threads } : {}),
      // One plain line on stderr, readable by people at a terminal as well as in server logs.
      warn: (message) => process.stderr.write(`mcp-code-analysis: warning: ${message}\n`),
      preferred: () => flags.get('engine.preferred'),
    });
  const registry = overrides.registry ?? new ToolRegistry();
  const cacheDir = config.cacheDir ?? defaultCacheDir();
  const disk = config.noCache ? undefined : new DiskCache<FileAnalysis>(cacheDir);
  // Tags beside the results, in a directory of their own (their own bound and prune); with
  // Redis, the fleet's tags by content behind them.
  const navigation = new Navigation({
    ...(config.noCache
      ? {}
      : { disk: new DiskCache<FileTags, null>(join(cacheDir, 'tags'), { maxBytes: 256 * 1024 * 1024 }) }),
    ...(redis ? { shared: new SharedTagsTier(redis.sharedTier<SharedTags>()) } : {}),
  });
  // A command-line run walks once: watching would only cost the watches.
  const watches = overrides.oneShot || config.noWatch ? undefined : new TreeWatches();
  const analyses = new ShadowedAnalyses(
    new SnapshotStore(),
    new FileResults({
      maxEntries: config.cacheEntries,
      maxBytes: config.cacheMemoryMb * 1024 * 1024,
      disk,
      hashing: !(overrides.oneShot && !redis),
      ...(redis ? { content: redis.content, redis: redis.shared } : {}),
    }),
    { sample: share(() => flags.get('engine.shadowPercent')), engineOf: async (kind) => engines.engine?.(kind), log },
    watches,
  );
  const capabilities = instanceCapabilities({
    engines: () => engines.availability(),
    store: config.store,
    redisCluster: config.redisCluster,
    ...(redis
      ? { redis: () => redis.features().redis as { status: 'up' | 'down' | 'degraded'; lastError?: string } }
      : {}),
    flagSource: () => flags.status(),
  });
  const fleet = redis?.fleet ?? localFleet();
  const deps: ToolDeps = {
    config,
    roots,
    sessions,
    engines,
    analyses,
    navigation,
    catalog: () => registry.tools,
    serverVersion: SERVER_VERSION,
    startedAt: new Date(),
    features: () => ({
      sessionSnapshot: Boolean(config.sessionSnapshot),
      cacheTiers: ['memory', ...(disk ? ['disk'] : []), 'content', ...(redis?.shared ? ['redis'] : [])],
      fileResults: analyses.files.stats(),
      snapshots: analyses.snapshots.size,
      treeWatch: watches ? watches.stats() : { off: overrides.oneShot ? 'a command-line run' : '--no-watch' },
      navigation: navigation.stats(),
      ...(redis ? redis.features() : {}),
      capabilities: capabilities.report(),
      flags: flags.status(),
      shadow: analyses.shadow.stats(),
    }),
    fleet,
  };
  // Monitoring hooks: the store and the engine are wrapped (timed, counted) before anything uses
  // them; the rest is read at scrape time. Built only where something can scrape them (an HTTP
  // server, --metrics-port): a command-line run or a stdio server without the port pays nothing,
  // not even loading prom-client and the SDK (a sixth of a command-line run's start-up).
  const scrapable = config.http || config.metricsPort !== undefined;
  const metrics =
    config.metrics === 'on' && scrapable && !overrides.oneShot
      ? new (await import('../metrics/metrics.js')).AppMetrics({ transport: config.http ? 'tcp' : 'pipe' })
      : undefined;
  metrics?.instrument(deps);
  capabilities.set('metrics', () =>
    !metrics
      ? unavailable('--metrics off')
      : config.http || config.metricsPort !== undefined
        ? available
        : unavailable('a stdio server: give --metrics-port N to serve GET /metrics'),
  );
  const service = new ExecutionService({
    deps,
    log,
    ...(metrics ? { onRecord: metrics.recorded } : {}),
    defaultTimeoutMs: config.toolTimeoutMs,
    ...(redis ? { records: redis.records } : {}),
    ...(overrides.backoffBaseMs !== undefined ? { backoffBaseMs: overrides.backoffBaseMs } : {}),
  });
  const batches = createBatches(config, registry, service, fleet.instanceId, redis);
  deps.batches = batches;
  capabilities.set('batch', () => {
    if (!redis) return { available: true, reason: '--store memory: batches run in this process and end with it' };
    const health = redis.features().redis as { status: string; lastError?: string };
    return health.status === 'up' ? available : unavailable(`batches live in Redis, which is ${health.status}`);
  });
  const batchConcurrency = config.batchConcurrency ?? availableParallelism();
  if ((overrides.batchWorker ?? !overrides.oneShot) && batchConcurrency > 0) await batches.startWorker();
  const app: App = {
    config,
    log,
    deps,
    registry,
    service,
    callTool: toolCaller(registry, service, metrics),
    metrics,
    fleet,
    flags,
    shadow: analyses.shadow,
    capabilities,
    batches,
    async close() {
      await batches.close();
      await metrics?.close();
      if (sessions instanceof MemorySessionStore && config.sessionSnapshot) {
        const live = sessions.snapshot();
        await writeSnapshot(config.sessionSnapshot, live);
        log.info({ sessions: live.length, file: config.sessionSnapshot }, 'session snapshot written');
      }
      await Promise.allSettled([analyses.shadow.close(), flags.close()]);
      watches?.close();
      await Promise.allSettled([
        engines.close(),
        // Tags still being shared need the connection: Redis closes after them.
        redis ? navigation.close().finally(() => redis.close()) : sessions.close(),
        disk?.settle(),
        redis ? undefined : navigation.close(),
      ]);
    },
  };
  // Read at scrape time: the fleet's registry and shadow mode's counts.
  await metrics?.start({
    pulls: { fleetInstances: async () => (await app.fleet.instances()).length, shadow: () => app.shadow.stats() },
    port: config.metricsPort,
    host: config.host,
    log,
  });
  return app;
}

/** Batches in Redis and on BullMQ with --store redis, else in this process. */
function createBatches(
  config: Config,
  registry: ToolRegistry,
  service: ExecutionService,
  instanceId: string,
  redis: RedisWiring | undefined,
): BatchService {
  const concurrency = Math.max(1, config.batchConcurrency ?? availableParallelism());
  const runner = batchRunner(registry, service);
  if (!redis) return new BatchService(new MemoryBatchStore(), new LocalJobQueue(concurrency), runner, instanceId);
  const queue = redis.batches.queue({ concurrency, lockMs: config.batchLockMs });
  return new BatchService(redis.batches.store, queue, runner, instanceId);
}

/** The user's cache directory (XDG_CACHE_HOME, else ~/.cache), read when the app is made. */
function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp-code-analysis');
}

async function createMemoryStore(config: Config, log: Logger): Promise<SessionStore> {
  const store = new MemorySessionStore({ maxSessions: config.maxSessions, defaultTtlMs: config.sessionTtlMs });
  if (config.sessionSnapshot) {
    const { sessions, rejected } = await readSnapshot(config.sessionSnapshot);
    for (const r of rejected)
      log.warn({ file: config.sessionSnapshot, index: r.index, reason: r.reason }, 'snapshot session rejected');
    log.info({ loaded: store.restore(sessions), file: config.sessionSnapshot }, 'sessions loaded from snapshot');
  }
  return store;
}
