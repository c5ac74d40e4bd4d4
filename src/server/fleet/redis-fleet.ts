import type { RedisConnection } from '../../redis/connection.js';
import type { Fleet } from './fleet.js';
import { RedisFleetBus } from './fleet-bus.js';
import { InstanceLiveness } from './liveness.js';
import { ResumableStreams } from './resumable-streams.js';
import { RedisStreamLog } from './stream-log-redis.js';
import { RedisTransportSessions } from './transport-sessions.js';

/** The fleet on one Redis: shared transport sessions, streams, pub/sub and this instance's liveness. */
export async function redisFleet(connection: RedisConnection, instanceId: string, sessionTtlMs: number): Promise<Fleet> {
  const bus = await RedisFleetBus.create(connection);
  const liveness = new InstanceLiveness(connection, instanceId);
  return {
    instanceId,
    bus,
    streams: new ResumableStreams(new RedisStreamLog(connection, bus), instanceId),
    sessions: new RedisTransportSessions(connection, sessionTtlMs),
    // Last, after calls have drained: until then others must not take our streams over.
    close: () => liveness.stop(),
  };
}
