import { LuaScript } from './script.js';

// Execution keys share the hash tag {x:<id>}: record, snapshot, lease. The running index
// (a sorted set by lease deadline) lives elsewhere and is only a hint for the sweeper:
// the lease key is the truth, checked inside the scripts.

const STATE = `
local function is_open(rec)
  local st = cjson.decode(rec).state
  return st == 'running' or st == 'validating'
end`;

/** KEYS rec, snap, lease. ARGV record, snapshot ('' none), owner, leaseMs, recordTtlMs. */
export const START = new LuaScript(
  'execution.start',
  `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5]) else redis.call('DEL', KEYS[2]) end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
return 1`,
);

/**
 * Renew the lease while the record is still open, even if the lease lapsed but no sweeper
 * closed it yet (a slow instance is not a dead one). KEYS rec, snap, lease.
 * ARGV owner, leaseMs, snapshot ('' keep), record ('' keep), recordTtlMs.
 */
export const HEARTBEAT = new LuaScript(
  'execution.heartbeat',
  `${STATE}
local rec = redis.call('GET', KEYS[1])
if not rec or not is_open(rec) then return 0 end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[5]) end
if ARGV[4] ~= '' then redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5]) end
return 1`,
);

/** First close wins: a record the sweeper closed stays closed. KEYS rec, snap, lease. ARGV record, ttl. */
export const FINISH = new LuaScript(
  'execution.finish',
  `${STATE}
local rec = redis.call('GET', KEYS[1])
if rec and not is_open(rec) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2], KEYS[3])
return 1`,
);

/** KEYS rec, lease. The record when its lease is gone; 'alive' or 'gone' otherwise. */
export const SWEEP_READ = new LuaScript(
  'execution.sweepRead',
  `
if redis.call('EXISTS', KEYS[2]) == 1 then return {'alive'} end
local rec = redis.call('GET', KEYS[1])
if not rec then return {'gone'} end
return {'rec', rec}`,
);

/**
 * Compare-and-set the closed record (built by the caller: no JSON re-encoding in Lua).
 * KEYS rec, snap, lease. ARGV expected record, closed record.
 */
export const SWEEP_CLOSE = new LuaScript(
  'execution.sweepClose',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
redis.call('DEL', KEYS[2])
return 1`,
);
