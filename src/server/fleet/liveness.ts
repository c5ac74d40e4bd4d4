import type { RedisConnection } from '../../redis/connection.js';
import { instanceKey } from '../../redis/keys.js';

/** How long an instance counts as alive after its last renewal; renewed every third of it. */
export const LIVENESS_TTL_MS = 6_000;

/**
 * This instance's liveness key in Redis, renewed while the process runs and deleted on a
 * clean stop. A killed instance's key expires within LIVENESS_TTL_MS: that is how the others
 * learn that the calls it was running will never answer.
 */
export class InstanceLiveness {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly connection: RedisConnection,
    readonly instanceId: string,
    private readonly ttlMs = LIVENESS_TTL_MS,
  ) {
    void this.renew();
    this.timer = setInterval(() => void this.renew(), Math.floor(ttlMs / 3));
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const key = instanceKey(this.instanceId);
    // Redis away: the key expires and others may take our streams over; that is the safe side.
    await this.connection.call(key, ['SET', key, String(Date.now()), 'PX', String(this.ttlMs)]).catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const key = instanceKey(this.instanceId);
    await this.connection.call(key, ['DEL', key]).catch(() => undefined);
  }
}
