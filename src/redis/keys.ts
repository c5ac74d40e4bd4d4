// The key layout, in one place. Every key of one session shares the hash tag {s:<id>} so a
// Lua script may touch all of them on Redis Cluster (a script's keys must live in one slot).

export const KEY_PREFIX = 'mca';

/** Ids become part of key names: anything that could break the hash tag is refused. */
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

export interface SessionKeys {
  meta: string;
  hist: string;
  lock: string;
}

export function sessionKeys(id: string): SessionKeys {
  const tag = `${KEY_PREFIX}:{s:${id}}`;
  return { meta: `${tag}:meta`, hist: `${tag}:hist`, lock: `${tag}:lock` };
}

/** SCAN pattern matching one key per session (braces are literal in Redis globs). */
export const SESSION_META_PATTERN = `${KEY_PREFIX}:{s:*}:meta`;

export function sessionIdFromMetaKey(key: string): string | undefined {
  const head = `${KEY_PREFIX}:{s:`;
  const tail = '}:meta';
  if (!key.startsWith(head) || !key.endsWith(tail)) return undefined;
  return key.slice(head.length, key.length - tail.length);
}

export interface ExecutionKeys {
  record: string;
  snapshot: string;
  lease: string;
}

export function executionKeys(id: string): ExecutionKeys {
  const tag = `${KEY_PREFIX}:{x:${id}}`;
  return { record: `${tag}:rec`, snapshot: `${tag}:snap`, lease: `${tag}:lease` };
}

/** Sorted set of running executions scored by lease deadline: an index for the sweeper only. */
export const RUNNING_INDEX_KEY = `${KEY_PREFIX}:{xidx}:running`;

export function cacheKey(key: string): string {
  return `${KEY_PREFIX}:c:${key}`;
}

export const CACHE_KEY_PATTERN = `${KEY_PREFIX}:c:*`;
export const CACHE_INVALIDATION_CHANNEL = `${KEY_PREFIX}:cache:invalidate`;

/** A 2025-era transport session (Mcp-Session-Id) shared by the fleet: its initialize request. */
export function transportSessionKey(id: string): string {
  return `${KEY_PREFIX}:{t:${id}}:init`;
}

export interface EventStreamKeys {
  /** Who owns the stream, its session, the request to run again if the owner dies. */
  info: string;
  /** The stream's events (a Redis stream). */
  events: string;
  /** Which instance took over an orphaned stream. */
  claim: string;
}

/** One resumable SSE stream: every key shares the hash tag {e:<id>} (one slot on a cluster). */
export function eventStreamKeys(id: string): EventStreamKeys {
  const tag = `${KEY_PREFIX}:{e:${id}}`;
  return { info: `${tag}:info`, events: `${tag}:ev`, claim: `${tag}:claim` };
}

/** An instance's registration (its description): set with a short TTL and renewed while the process runs. */
export function instanceKey(id: string): string {
  return `${KEY_PREFIX}:{fleet}:inst:${id}`;
}

/** The instances' ids scored by when their registration expires: the registry's index. */
export const FLEET_INSTANCES_KEY = `${KEY_PREFIX}:{fleet}:instances`;

/** Messages between the instances of a fleet (cancellations, new events, closed sessions). */
export const FLEET_CHANNEL = `${KEY_PREFIX}:fleet`;

export interface BatchKeys {
  /** The batch's description (JSON), total, expiry, cancel time, per-outcome counts and merged result. */
  meta: string;
  /** The jobs, in order (a list of JSON). */
  jobs: string;
  /** Index → result (JSON): written once per job. */
  results: string;
  /** Index → the instance running it now. */
  running: string;
}

/** One batch: every key shares the hash tag {b:<id>}, so its scripts run on one slot of a cluster. */
export function batchKeys(id: string): BatchKeys {
  const tag = `${KEY_PREFIX}:{b:${id}}`;
  return { meta: `${tag}:meta`, jobs: `${tag}:jobs`, results: `${tag}:res`, running: `${tag}:run` };
}

/** BullMQ's key prefix for the batch queue: one hash tag, so the queue's scripts work on a cluster. */
export const BATCH_QUEUE_PREFIX = `${KEY_PREFIX}:{bq}`;
export const BATCH_CANCEL_CHANNEL = `${KEY_PREFIX}:batch:cancel`;
