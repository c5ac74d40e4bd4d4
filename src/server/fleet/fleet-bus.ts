import type { RedisConnection } from '../../redis/connection.js';
import { FLEET_CHANNEL } from '../../redis/keys.js';

// What one instance tells the others. A 2025-era client's messages of one transport session
// may land on any instance behind a round-robin proxy: a cancellation must reach the
// instance running the call, a closed session must be dropped everywhere, and a resumed
// stream followed on one instance must learn at once that another appended to it.

export type FleetMessage =
  | { t: 'cancel'; session: string; request: string | number; reason?: string }
  | { t: 'closed'; session: string }
  | { t: 'event'; stream: string };

export interface FleetBus {
  /** Delivered to every instance, this one included. */
  publish(message: FleetMessage): Promise<void>;
  on(listener: (message: FleetMessage) => void): void;
  /** Called again after every reconnection: messages may have been missed meanwhile. */
  onReady(listener: () => void): void;
}

/** One process: every message is delivered in this process only. */
export class LocalFleetBus implements FleetBus {
  private readonly listeners: ((m: FleetMessage) => void)[] = [];

  async publish(message: FleetMessage): Promise<void> {
    for (const listener of this.listeners) listener(message);
  }

  on(listener: (message: FleetMessage) => void): void {
    this.listeners.push(listener);
  }

  onReady(): void {}
}

function parse(text: string): FleetMessage | undefined {
  try {
    const m = JSON.parse(text) as FleetMessage;
    return typeof m === 'object' && m !== null && typeof m.t === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Redis pub/sub on one channel; the subscription has its own connection (see RedisConnection.subscribe). */
export class RedisFleetBus implements FleetBus {
  private readonly listeners: ((m: FleetMessage) => void)[] = [];
  private readonly ready: (() => void)[] = [];

  private constructor(private readonly connection: RedisConnection) {}

  static async create(connection: RedisConnection): Promise<RedisFleetBus> {
    const bus = new RedisFleetBus(connection);
    await connection.subscribe(
      FLEET_CHANNEL,
      (text) => {
        const message = parse(text);
        if (message) for (const listener of bus.listeners) listener(message);
      },
      () => {
        for (const listener of bus.ready) listener();
      },
    );
    return bus;
  }

  async publish(message: FleetMessage): Promise<void> {
    await this.connection.call(undefined, ['PUBLISH', FLEET_CHANNEL, JSON.stringify(message)]);
  }

  on(listener: (message: FleetMessage) => void): void {
    this.listeners.push(listener);
  }

  onReady(listener: () => void): void {
    this.ready.push(listener);
  }
}
