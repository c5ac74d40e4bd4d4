import type { RedisConnection } from '../../redis/connection.js';
import { FLEET_INSTANCES_KEY, instanceKey } from '../../redis/keys.js';
import type { InstanceInfo } from './instance-info.js';

/** How long an instance counts as alive after its last heartbeat; renewed every third of it. */
export const LIVENESS_TTL_MS = 6_000;

/**
 * This instance's registration in Redis: its description under a key with a short TTL, and
 * its id in an index scored by expiry, both renewed by a heartbeat while the process runs and
 * removed on a clean stop. A killed instance drops out within LIVENESS_TTL_MS: that is how the
 * others learn that the calls it was running will never answer, and how `fleet` lists only
 * live instances. Every key shares the hash tag {fleet} (one slot on a cluster: MGET works).
 */
export class InstanceRegistration {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly connection: RedisConnection,
    readonly instanceId: string,
    private readonly describe: () => InstanceInfo,
    private readonly ttlMs = LIVENESS_TTL_MS,
  ) {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), Math.floor(ttlMs / 3));
    this.timer.unref();
  }

  /** Renews now (after the description changed, e.g. the HTTP URL became known). */
  async beat(): Promise<void> {
    const key = instanceKey(this.instanceId);
    const expires = Date.now() + this.ttlMs;
    const info = { ...this.describe(), lastHeartbeat: new Date().toISOString() };
    // Redis away: the key expires and others may take our streams over; that is the safe side.
    await Promise.all([
      this.connection.call(key, ['SET', key, JSON.stringify(info), 'PX', String(this.ttlMs)]),
      this.connection.call(FLEET_INSTANCES_KEY, ['ZADD', FLEET_INSTANCES_KEY, String(expires), this.instanceId]),
    ]).catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const key = instanceKey(this.instanceId);
    await Promise.all([
      this.connection.call(key, ['DEL', key]),
      this.connection.call(FLEET_INSTANCES_KEY, ['ZREM', FLEET_INSTANCES_KEY, this.instanceId]),
    ]).catch(() => undefined);
  }
}

/** The live instances of the fleet, by their registrations (expired index entries are dropped). */
export async function liveInstances(connection: RedisConnection): Promise<InstanceInfo[]> {
  const now = Date.now();
  await connection.call(FLEET_INSTANCES_KEY, ['ZREMRANGEBYSCORE', FLEET_INSTANCES_KEY, '-inf', String(now)]);
  const ids = await connection.call<string[]>(FLEET_INSTANCES_KEY, [
    'ZRANGEBYSCORE',
    FLEET_INSTANCES_KEY,
    String(now),
    '+inf',
  ]);
  if (ids.length === 0) return [];
  const values = await connection.call<(string | null)[]>(FLEET_INSTANCES_KEY, ['MGET', ...ids.map(instanceKey)]);
  const instances: InstanceInfo[] = [];
  for (const value of values) {
    if (!value) continue; // expired between the two reads
    try {
      instances.push(JSON.parse(value) as InstanceInfo);
    } catch {
      // a foreign or broken value: not an instance
    }
  }
  return instances.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}
