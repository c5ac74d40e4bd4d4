import type { RedisConnection } from '../../redis/connection.js';
import type { Fleet } from './fleet.js';
import { RedisFleetBus } from './fleet-bus.js';
import type { InstanceInfo } from './instance-info.js';
import { InstanceRegistration, liveInstances } from './liveness.js';
import { ResumableStreams } from './resumable-streams.js';
import { RedisStreamLog } from './stream-log-redis.js';
import { RedisTransportSessions } from './transport-sessions.js';

/** The fleet on one Redis: shared transport sessions, streams, pub/sub and the instance registry. */
export async function redisFleet(
  connection: RedisConnection,
  instanceId: string,
  sessionTtlMs: number,
): Promise<Fleet> {
  const bus = await RedisFleetBus.create(connection);
  let describe: () => InstanceInfo;
  let registration: InstanceRegistration | undefined;
  return {
    instanceId,
    bus,
    streams: new ResumableStreams(new RedisStreamLog(connection, bus), instanceId),
    sessions: new RedisTransportSessions(connection, sessionTtlMs),
    async announce(fn) {
      describe = fn;
      if (registration) await registration.beat();
      else registration = new InstanceRegistration(connection, instanceId, () => describe());
    },
    instances: () => liveInstances(connection),
    // Last, after calls have drained: until then others must not take our streams over.
    close: async () => registration?.stop(),
  };
}
