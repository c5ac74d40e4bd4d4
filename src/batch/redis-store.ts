import type { RedisConnection } from '../redis/connection.js';
import { batchKeys, isSafeId } from '../redis/keys.js';
import { LuaScript } from '../redis/script.js';
import { countOf, cancelledOutcome } from './outcomes.js';
import type { BatchJob, BatchMeta, BatchStore, BatchView, FinishReport, JobOutcome, StartVerdict } from './types.js';

// Each step that must not race (start, finish, cancel) is one script over the batch's keys,
// which share a hash tag: a job's result is written once (HSETNX) whoever runs it, and a
// cancel and a start are ordered by Redis, so no job starts after its batch was cancelled.

/** Redis's own clock in ms: starts and cancels of every instance are ordered on one clock. */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const START = new LuaScript(
  'batch-start',
  `${NOW_MS}
local exp = redis.call('HGET', KEYS[1], 'exp')
if not exp then return {'gone', now} end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return {'done', now} end
if redis.call('HEXISTS', KEYS[1], 'cancelledAt') == 1 then return {'cancelled', now} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], exp)
return {'start', now}`,
);

const FINISH = new LuaScript(
  'batch-finish',
  `local exp = redis.call('HGET', KEYS[1], 'exp')
if not exp then return {0, 0, 0} end
redis.call('HDEL', KEYS[2], ARGV[1])
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return {0, redis.call('HLEN', KEYS[3]), total} end
redis.call('PEXPIREAT', KEYS[3], exp)
redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
return {1, redis.call('HLEN', KEYS[3]), total}`,
);

const CANCEL = new LuaScript(
  'batch-cancel',
  `${NOW_MS}
local exp = redis.call('HGET', KEYS[1], 'exp')
if not exp then return 0 end
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
local done = redis.call('HLEN', KEYS[3]) >= total
if done and (redis.call('HEXISTS', KEYS[1], 'split') == 0 or redis.call('HEXISTS', KEYS[1], 'merged') == 1) then
  return 0
end
if redis.call('HSETNX', KEYS[1], 'cancelledAt', now) == 0 then return 0 end
local n = 0
for i = 0, total - 1 do
  local f = tostring(i)
  if redis.call('HEXISTS', KEYS[2], f) == 0 and redis.call('HSETNX', KEYS[3], f, ARGV[1]) == 1 then n = n + 1 end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[1], 'cancelled', n)
  redis.call('PEXPIREAT', KEYS[3], exp)
end
return 1`,
);

/** Jobs are written in slices: one command per slice keeps each reply and script argument list small. */
const JOB_SLICE = 1000;

/** Batches in Redis, shared by the fleet; every key expires with the batch. */
export class RedisBatchStore implements BatchStore {
  constructor(private readonly connection: RedisConnection) {}

  private keys(batchId: string) {
    if (!isSafeId(batchId)) return undefined;
    return batchKeys(batchId);
  }

  async create(meta: BatchMeta, jobs: readonly BatchJob[]): Promise<void> {
    const k = batchKeys(meta.batchId);
    const exp = String(Date.parse(meta.expiresAt));
    for (let i = 0; i < jobs.length; i += JOB_SLICE) {
      const slice = jobs.slice(i, i + JOB_SLICE).map((job) => JSON.stringify(job));
      await this.connection.call(k.jobs, ['RPUSH', k.jobs, ...slice]);
    }
    await this.connection.call(k.jobs, ['PEXPIREAT', k.jobs, exp]);
    // The description last: a batch is visible only once all its jobs are stored.
    await this.connection.call(k.meta, [
      'HSET',
      k.meta,
      'meta',
      JSON.stringify(meta),
      'total',
      String(meta.total),
      'exp',
      exp,
      ...(meta.split ? ['split', '1'] : []),
    ]);
    await this.connection.call(k.meta, ['PEXPIREAT', k.meta, exp]);
  }

  async view(batchId: string): Promise<BatchView | undefined> {
    const k = this.keys(batchId);
    if (!k) return undefined;
    const [fields, running] = await Promise.all([
      this.connection.call<Record<string, string> | string[]>(k.meta, ['HGETALL', k.meta]),
      this.connection.call<number>(k.running, ['HLEN', k.running]),
    ]);
    const h = asRecord(fields);
    if (!h.meta) return undefined;
    const meta = JSON.parse(h.meta) as BatchMeta;
    if (h.cancelledAt) meta.cancelledAt = new Date(Number(h.cancelledAt)).toISOString();
    const completed = Number(h.completed ?? 0);
    const failed = Number(h.failed ?? 0);
    const cancelled = Number(h.cancelled ?? 0);
    const queued = Math.max(0, meta.total - completed - failed - cancelled - running);
    return {
      meta,
      counts: { queued, running, completed, failed, cancelled },
      ...(h.merged ? { merged: JSON.parse(h.merged) as JobOutcome } : {}),
    };
  }

  async jobs(batchId: string, from: number, count: number): Promise<BatchJob[]> {
    const k = this.keys(batchId);
    if (!k || count <= 0) return [];
    const items = await this.connection.call<string[]>(k.jobs, [
      'LRANGE',
      k.jobs,
      String(from),
      String(from + count - 1),
    ]);
    return items.map((item) => JSON.parse(item) as BatchJob);
  }

  async results(batchId: string, from: number, count: number): Promise<(JobOutcome | undefined)[]> {
    const k = this.keys(batchId);
    if (!k || count <= 0) return [];
    const fields = Array.from({ length: count }, (_, i) => String(from + i));
    const items = await this.connection.call<(string | null)[]>(k.results, ['HMGET', k.results, ...fields]);
    return items.map((item) => (item ? (JSON.parse(item) as JobOutcome) : undefined));
  }

  async tryStart(batchId: string, index: number, instanceId: string): Promise<{ verdict: StartVerdict; at: string }> {
    const k = this.keys(batchId);
    if (!k) return { verdict: 'gone', at: new Date().toISOString() };
    const [verdict, ms] = await START.run<[StartVerdict, number]>(
      this.connection,
      [k.meta, k.running, k.results],
      [String(index), instanceId],
    );
    return { verdict, at: new Date(Number(ms)).toISOString() };
  }

  async finish(batchId: string, index: number, outcome: JobOutcome): Promise<FinishReport> {
    const k = this.keys(batchId);
    if (!k) return { stored: false, finished: 0, total: 0 };
    const [stored, finished, total] = await FINISH.run<number[]>(
      this.connection,
      [k.meta, k.running, k.results],
      [String(index), JSON.stringify(outcome), countOf(outcome)],
    );
    return { stored: stored === 1, finished: Number(finished), total: Number(total) };
  }

  async cancel(batchId: string): Promise<void> {
    const k = this.keys(batchId);
    if (!k) return;
    await CANCEL.run<number>(this.connection, [k.meta, k.running, k.results], [JSON.stringify(cancelledOutcome())]);
  }

  async setMerged(batchId: string, outcome: JobOutcome): Promise<boolean> {
    const k = this.keys(batchId);
    if (!k) return false;
    return (await this.connection.call<number>(k.meta, ['HSETNX', k.meta, 'merged', JSON.stringify(outcome)])) === 1;
  }

  /** The connection belongs to the wiring that made it. */
  async close(): Promise<void> {}
}

/** HGETALL answers a flat array with RESP2 and a map with RESP3. */
function asRecord(reply: Record<string, string> | string[]): Record<string, string> {
  if (!Array.isArray(reply)) return reply;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) out[reply[i]!] = reply[i + 1]!;
  return out;
}
