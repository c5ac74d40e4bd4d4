import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlags } from '../../src/flags/definitions.js';
import { FLAGS_KEY, RedisFlagSource } from '../../src/flags/redis-source.js';
import { RuntimeFlags } from '../../src/flags/runtime-flags.js';
import { RedisConnection } from '../../src/redis/index.js';
import { redisCli, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// The fleet's flags in a real Redis: a change written by one instance (or the CLI) reaches the
// others by pub/sub, not by the periodic read (the net is an hour here); a change whose message
// was missed is read when the subscription comes back; what an operator wrote by hand and is
// not valid is ignored.

const silent = { warn: () => undefined, info: () => undefined };
const HOUR = 3_600_000;

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('flags in Redis', () => {
  let redis: RedisServer;
  const open: { close(): Promise<void> }[] = [];
  const instance = async () => {
    const connection = new RedisConnection({ url: redis.url, reconnectMaxMs: 200 });
    await connection.connect();
    const flags = new RuntimeFlags(defaultFlags({ engine: 'auto' }), silent);
    await flags.follow(new RedisFlagSource(connection, HOUR));
    open.push(flags, connection);
    return { connection, flags, source: new RedisFlagSource(connection, HOUR) };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
    redisCli(redis.port, 'DEL', FLAGS_KEY);
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('a flag set on one instance is in force on every instance, by the change message', async () => {
    const [a, b, c] = [await instance(), await instance(), await instance()];
    await a.source.set('sessions.redisPercent', 25);
    await until(() => [a, b, c].every((i) => i.flags.get('sessions.redisPercent') === 25), 'every instance at 25');
    expect(redisCli(redis.port, 'HGET', FLAGS_KEY, 'sessions.redisPercent')).toBe('25');
    await b.source.unset('sessions.redisPercent');
    await until(
      () => [a, b, c].every((i) => i.flags.get('sessions.redisPercent') === 100),
      'every instance back to the default',
    );
  });

  it('a change whose message was missed is read when the subscription comes back', async () => {
    const a = await instance();
    // Written without a message: no instance hears of it...
    redisCli(redis.port, 'HSET', FLAGS_KEY, 'engine.shadowPercent', '40');
    // ...until its subscription is cut and made again (node-redis resubscribes; the hash is read again).
    redisCli(redis.port, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
    await until(() => a.flags.get('engine.shadowPercent') === 40, 'the hash read again on resubscription');
  });

  it('an invalid value written by hand is ignored: the flag keeps its default and the status says why', async () => {
    const a = await instance();
    redisCli(redis.port, 'HSET', FLAGS_KEY, 'engine.preferred', 'fortran', 'engine.shadowPercent', '10');
    await a.source.set('sessions.redisPercent', 0);
    await until(() => a.flags.get('sessions.redisPercent') === 0, 'the change');
    expect(a.flags.values()).toEqual({
      'sessions.redisPercent': 0,
      'engine.shadowPercent': 10,
      'engine.preferred': 'auto',
    });
    expect(a.flags.status().ignored).toEqual({
      'engine.preferred': 'invalid value "fortran": expected auto, native or wasm',
    });
  });
});
