import { LuaScript } from '../redis/script.js';

// Every session operation is one script on the session's slot, so it is atomic with respect
// to every other instance. Times are ms since the epoch, passed in by the caller (the stores
// share one clock convention: the caller's), formatted with %d so Lua never writes 1.7e+12.

const EXPIRE_BOTH = `
local function expire_all(exp)
  redis.call('PEXPIREAT', KEYS[1], exp)
  redis.call('PEXPIREAT', KEYS[2], exp)
end
local function refresh(now)
  local exp = string.format('%d', tonumber(now) + tonumber(redis.call('HGET', KEYS[1], 'ttlMs')))
  redis.call('HSET', KEYS[1], 'updatedAt', now, 'expiresAt', exp)
  expire_all(exp)
end
local function trim(limit) redis.call('LTRIM', KEYS[2], -tonumber(limit), -1) end
`;

/** KEYS meta, hist. ARGV nx, expiresAt, nFields, field/value pairs..., history records... */
export const PUT = new LuaScript(
  'session.put',
  `${EXPIRE_BOTH}
if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
local n = tonumber(ARGV[3])
local i = 4
for _ = 1, n do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
for j = i, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
expire_all(ARGV[2])
return 1`,
);

/** KEYS meta, hist. ARGV now, refresh ('1' refreshes the TTL: reading is using, within a slack). */
export const READ = new LuaScript(
  'session.read',
  `${EXPIRE_BOTH}
local fields = redis.call('HMGET', KEYS[1], 'ttlMs', 'expiresAt')
if not fields[1] then return false end
-- A read refreshes the TTL, but rewriting it on every read costs a write (AOF, replicas)
-- for nothing: skip it while the expiry would move by less than min(1 s, ttl/10).
local now, ttl = tonumber(ARGV[1]), tonumber(fields[1])
if ARGV[2] == '1' and now + ttl - tonumber(fields[2]) > math.min(1000, ttl / 10) then refresh(ARGV[1]) end
return {redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}`,
);

/**
 * Compare-and-set by version. KEYS meta, hist. ARGV expectedVersion, now, fencingToken
 * ('' = none), historyLimit, nFields, field/value pairs..., history records...
 * The fencing check refuses a writer whose lock was granted before the latest one.
 */
export const UPDATE = new LuaScript(
  'session.update',
  `${EXPIRE_BOTH}
local v = redis.call('HGET', KEYS[1], 'version')
if not v then return {'NOTFOUND'} end
if ARGV[3] ~= '' then
  local fence = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
  if tonumber(ARGV[3]) < fence then return {'FENCED', tostring(fence)} end
end
if tonumber(v) ~= tonumber(ARGV[1]) then return {'CONFLICT', v} end
redis.call('HSET', KEYS[1], 'version', string.format('%d', tonumber(v) + 1))
local n = tonumber(ARGV[5])
local i = 6
for _ = 1, n do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
if i <= #ARGV then
  for j = i, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
  trim(ARGV[4])
end
refresh(ARGV[2])
return {'OK', redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}`,
);

/** History appends never rewrite the list. KEYS meta, hist. ARGV now, limit, records... */
export const APPEND = new LuaScript(
  'session.append',
  `${EXPIRE_BOTH}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for j = 3, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
trim(ARGV[2])
refresh(ARGV[1])
return 1`,
);

/** KEYS meta, hist. ARGV now, ttlMs ('' keeps the session's own TTL). */
export const TOUCH = new LuaScript(
  'session.touch',
  `${EXPIRE_BOTH}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'ttlMs', ARGV[2]) end
refresh(ARGV[1])
return 1`,
);

/** KEYS meta, hist, lock. Returns whether the session existed. */
export const DELETE = new LuaScript(
  'session.delete',
  `
local existed = redis.call('EXISTS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return existed`,
);

/**
 * SET NX PX, and on success the next fencing token (kept in the session hash so it lives
 * exactly as long as the session). KEYS meta, lock. ARGV token, ttlMs.
 * Returns -1 unknown session, 0 held by someone else, else the fencing token.
 */
export const LOCK = new LuaScript(
  'session.lock',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
return redis.call('HINCRBY', KEYS[1], 'fence', 1)`,
);

/** Compare-and-delete: only the holder's token releases the lock. KEYS lock. ARGV token. */
export const UNLOCK = new LuaScript(
  'session.unlock',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** Compare-and-renew: only the holder extends its lock. */
export const EXTEND = new LuaScript(
  'session.extend',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
);
