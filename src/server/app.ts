import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Analyses } from '../analysis/analyses.js';
import { FileResults } from '../analysis/file-results.js';
import { SnapshotStore } from '../analysis/snapshots.js';
import { DiskCache } from '../cache/disk-cache.js';
import type { Config } from '../config/config.js';
import { selectEngine, type EngineProvider } from '../engine/select.js';
import type { FileAnalysis } from '../engine/types.js';
import { WasmEngine } from '../engine/wasm/engine.js';
import { ExecutionService } from '../execution/service.js';
import { ToolRegistry } from '../registry/registry.js';
import { Roots } from '../security/roots.js';
import { MemorySessionStore } from '../session/memory-store.js';
import { readSnapshot, writeSnapshot } from '../session/snapshot.js';
import { localFleet, type Fleet } from './fleet/fleet.js';
import type { SessionStore } from '../session/types.js';
import type { ToolDeps } from '../tools/deps.js';
import { SERVER_VERSION } from './version.js';

/** Everything one server process runs on; transports and the CLI share it. */
export interface App {
  config: Config;
  log: Logger;
  deps: ToolDeps;
  registry: ToolRegistry;
  service: ExecutionService;
  /** What the HTTP edge shares with the other instances (this process alone with the memory store). */
  fleet: Fleet;
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
}

/** The composition root: builds the stores, the engine and the execution service from config. */
export async function createApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  const roots = new Roots(config.roots);
  // The Redis client is loaded only when used: it is a fifth of a command-line run's start-up.
  const redis = config.store === 'redis' && !overrides.sessions ? await (await import('./redis-wiring.js')).wireRedis(config, log) : undefined;
  const sessions = overrides.sessions ?? redis?.sessions ?? (await createMemoryStore(config, log));
  const engines =
    overrides.engines ??
    selectEngine({
      mode: config.engine,
      createWasm: () => new WasmEngine(config.workers !== undefined ? { threads: config.workers } : {}),
      // One plain line on stderr, readable by people at a terminal as well as in server logs.
      warn: (message) => process.stderr.write(`mcp-code-analysis: warning: ${message}\n`),
    });
  const registry = overrides.registry ?? new ToolRegistry();
  const disk = config.noCache ? undefined : new DiskCache<FileAnalysis>(config.cacheDir ?? defaultCacheDir());
  const analyses = new Analyses(
    new SnapshotStore(),
    new FileResults({ maxEntries: config.cacheEntries, maxBytes: config.cacheMemoryMb * 1024 * 1024, disk, hashing: !(overrides.oneShot && !redis), ...(redis ? { content: redis.content, redis: redis.shared } : {}) }),
  );
  const deps: ToolDeps = {
    config,
    roots,
    sessions,
    engines,
    analyses,
    catalog: () => registry.tools,
    serverVersion: SERVER_VERSION,
    startedAt: new Date(),
    features: () => ({
      sessionSnapshot: Boolean(config.sessionSnapshot),
      cacheTiers: ['memory', ...(disk ? ['disk'] : []), 'content', ...(redis?.shared ? ['redis'] : [])],
      fileResults: analyses.files.stats(),
      snapshots: analyses.snapshots.size,
      ...(redis ? redis.features() : {}),
    }),
  };
  const service = new ExecutionService({
    deps,
    log,
    defaultTimeoutMs: config.toolTimeoutMs,
    ...(redis ? { records: redis.records } : {}),
    ...(overrides.backoffBaseMs !== undefined ? { backoffBaseMs: overrides.backoffBaseMs } : {}),
  });
  return {
    config,
    log,
    deps,
    registry,
    service,
    fleet: redis?.fleet ?? localFleet(),
    async close() {
      if (sessions instanceof MemorySessionStore && config.sessionSnapshot) {
        const live = sessions.snapshot();
        await writeSnapshot(config.sessionSnapshot, live);
        log.info({ sessions: live.length, file: config.sessionSnapshot }, 'session snapshot written');
      }
      await Promise.allSettled([engines.close(), redis ? redis.close() : sessions.close(), disk?.wrote ? disk.prune() : undefined]);
    },
  };
}

/** The user's cache directory (XDG_CACHE_HOME, else ~/.cache), read when the app is made. */
function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp-code-analysis');
}

async function createMemoryStore(config: Config, log: Logger): Promise<SessionStore> {
  const store = new MemorySessionStore({ maxSessions: config.maxSessions, defaultTtlMs: config.sessionTtlMs });
  if (config.sessionSnapshot) {
    const { sessions, rejected } = await readSnapshot(config.sessionSnapshot);
    for (const r of rejected) log.warn({ file: config.sessionSnapshot, index: r.index, reason: r.reason }, 'snapshot session rejected');
    log.info({ loaded: store.restore(sessions), file: config.sessionSnapshot }, 'sessions loaded from snapshot');
  }
  return store;
}
