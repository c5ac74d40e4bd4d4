import type { Analyses } from '../analysis/analyses.js';
import type { BatchService } from '../batch/service.js';
import type { Navigation } from '../navigation/navigation.js';
import type { Config } from '../config/config.js';
import type { EngineProvider } from '../engine/select.js';
import type { Roots } from '../security/roots.js';
import type { SessionStore } from '../session/types.js';
import type { AnyTool } from './define.js';

/** What tool handlers may use. Built once by the composition root (server/deps.ts). */
export interface ToolDeps {
  config: Config;
  roots: Roots;
  sessions: SessionStore;
  engines: EngineProvider;
  /** Whole analyses above the engine: snapshots for later pages, single flight. */
  analyses: Analyses;
  /** Symbol indexes (find_symbol, find_references, call_graph, impact, repo_map), built per snapshot. */
  navigation: Navigation;
  /** The registered tools, for discovery (passed in to avoid an import cycle). */
  catalog(): readonly AnyTool[];
  serverVersion: string;
  startedAt: Date;
  /** Extra facts for server_info from components wired at start (store fallback, cache tiers…). */
  features(): Record<string, unknown>;
  /** The instances serving together (the server's fleet registry; shaped here so tools need not import the server). */
  fleet?: FleetView;
  /** Batches (batch_submit/status/cancel): in this process with the memory store, on BullMQ with Redis. */
  batches?: BatchService;
}

export interface FleetView {
  instanceId: string;
  instances(): Promise<object[]>;
}
