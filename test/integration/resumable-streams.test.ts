import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/connection.js';
import { RedisFleetBus } from '../../src/server/fleet/fleet-bus.js';
import { InstanceRegistration } from '../../src/server/fleet/liveness.js';
import { ResumableStreams, type FollowHooks } from '../../src/server/fleet/resumable-streams.js';
import { MemoryStreamLog, type StreamInfo, type StreamLog } from '../../src/server/fleet/stream-log.js';
import { RedisStreamLog } from '../../src/server/fleet/stream-log-redis.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// The resumable streams behind Last-Event-ID, on both logs: ids, replay after an id, following
// a stream until its end, and (Redis) the takeover of a stream whose owner died — claimed by
// exactly one of the instances following it.

const progress = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 1, progress: n },
});
const answer: JSONRPCMessage = { jsonrpc: '2.0', id: 7, result: { content: [] } };
const info = (owner: string, session = 'session-a'): StreamInfo => ({
  session,
  owner,
  ids: [7],
  request: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'server_info', arguments: {} } },
});

/** Follows a stream to its end (or until aborted); returns what was sent. */
function follower(
  streams: ResumableStreams,
  stream: string,
  seq: string,
  takeOver: FollowHooks['takeOver'] = () => undefined,
) {
  const sent: { id: string; message: unknown }[] = [];
  const left = new AbortController();
  const done = streams.follow(stream, seq, {
    signal: left.signal,
    send: (id, json) => sent.push({ id, message: JSON.parse(json) }),
    takeOver,
  });
  return { sent, done, leave: () => left.abort() };
}

function behaviour(name: string, make: () => { log: StreamLog; owner: string; close?: () => Promise<void> }) {
  describe(name, () => {
    let streams: ResumableStreams;
    let owner: string;
    let close: (() => Promise<void>) | undefined;
    beforeAll(() => {
      const made = make();
      owner = made.owner;
      close = made.close;
      streams = new ResumableStreams(made.log, owner);
    });
    afterAll(async () => close?.());

    it('event ids name their stream and position; anything else is not one of ours', () => {
      const id = streams.eventId('0f8fad5b-d9cb-469f-a165-70867728950e', '12');
      expect(streams.parse(id)).toEqual({ stream: '0f8fad5b-d9cb-469f-a165-70867728950e', seq: '12' });
      expect(streams.parse(streams.primingId('abc'))).toEqual({ stream: 'abc', seq: streams.log.start });
      for (const forged of ['', '_1', 'abc_', 'abc_x', 'a{b}_1', 'abc_1_2x', '../x_1'])
        expect(streams.parse(forged), forged).toBeUndefined();
    });

    it('a client resuming after an id gets exactly the events after it, then the rest as they come, until the end', async () => {
      const stream = `s-${Math.random().toString(36).slice(2)}`;
      await streams.open(stream, info(owner));
      const ids = [await streams.append(stream, progress(1)), await streams.append(stream, progress(2))];
      const from = streams.parse(ids[0]!)!;
      const resumed = follower(streams, stream, from.seq);
      await streams.append(stream, progress(3));
      await streams.append(stream, answer);
      await streams.end(stream);
      await resumed.done;
      expect(resumed.sent.map((e) => e.message)).toEqual([progress(2), progress(3), answer]);
      expect(resumed.sent[0]!.id).toBe(ids[1]);
      // From the priming id: everything.
      const whole = follower(streams, stream, streams.log.start);
      await whole.done;
      expect(whole.sent.map((e) => e.message)).toEqual([progress(1), progress(2), progress(3), answer]);
      expect(await streams.info(stream)).toMatchObject({ session: 'session-a', ids: [7] });
    });

    it('a follower stops when its client leaves', async () => {
      const stream = `s-${Math.random().toString(36).slice(2)}`;
      await streams.open(stream, info(owner));
      const f = follower(streams, stream, streams.log.start);
      f.leave();
      await f.done;
      expect(f.sent).toEqual([]);
    });
  });
}

behaviour('memory stream log', () => ({ log: new MemoryStreamLog(), owner: 'this-process' }));

describe('Redis stream log', () => {
  let redis: RedisServer;
  const connections: RedisConnection[] = [];
  const connection = async () => {
    const c = new RedisConnection({ url: redis.url });
    await c.connect();
    connections.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const c of connections) await c.close();
    await redis?.dispose();
  });

  it('the same behaviour across instances: events appended by one are followed by another', async () => {
    const a = await connection();
    const b = await connection();
    const onA = new ResumableStreams(new RedisStreamLog(a, await RedisFleetBus.create(a)), 'instance-a');
    const onB = new ResumableStreams(new RedisStreamLog(b, await RedisFleetBus.create(b)), 'instance-b');
    const self = {
      id: 'instance-a',
      version: 'test',
      eras: [],
      engine: 'wasm',
      store: 'redis' as const,
      transport: 'http' as const,
      pid: process.pid,
      host: 'here',
      startedAt: new Date().toISOString(),
      callsInFlight: 0,
    };
    const liveness = new InstanceRegistration(a, 'instance-a', () => self);
    await liveness.beat();
    try {
      await onA.open('cross', info('instance-a'));
      const first = await onA.append('cross', progress(1));
      const resumed = follower(onB, 'cross', onB.parse(first)!.seq, () => {
        throw new Error('the owner is alive: no takeover');
      });
      await onA.append('cross', progress(2));
      await onA.append('cross', answer);
      await onA.end('cross');
      await resumed.done;
      expect(resumed.sent.map((e) => e.message)).toEqual([progress(2), answer]);
    } finally {
      await liveness.stop();
    }
  });

  it('a stream whose owner is dead is taken over by exactly one of the instances following it', async () => {
    const followers = await Promise.all(
      ['b', 'c', 'd'].map(async (name) => {
        const c = await connection();
        return new ResumableStreams(new RedisStreamLog(c, await RedisFleetBus.create(c)), `instance-${name}`);
      }),
    );
    await followers[0]!.open('orphan', info('instance-dead')); // no liveness key: its instance is gone
    await followers[0]!.append('orphan', progress(1));
    const takenBy: string[] = [];
    const follows = followers.map((streams) =>
      follower(streams, 'orphan', streams.log.start, (stream, taken) => {
        takenBy.push(streams.instanceId);
        expect(taken.owner).toBe(streams.instanceId);
        expect(taken.request).toMatchObject({ method: 'tools/call' });
        // The new owner answers on the same stream; every follower gets it.
        void streams.append(stream, answer).then(() => streams.end(stream));
      }),
    );
    await Promise.all(follows.map((f) => f.done));
    expect(takenBy).toHaveLength(1);
    for (const f of follows) expect(f.sent.map((e) => e.message)).toEqual([progress(1), answer]);
    expect((await followers[0]!.info('orphan'))!.owner).toBe(takenBy[0]);
  });
});
