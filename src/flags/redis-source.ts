import type { RedisConnection } from '../redis/connection.js';
import { KEY_PREFIX } from '../redis/keys.js';
import type { FlagName, FlagValues } from './definitions.js';
import type { FlagSource } from './runtime-flags.js';

// The fleet's flags: one Redis hash, field = flag name, value = its text. A change is written
// to the hash, then announced on a channel so every instance reads the hash again at once.
// The hash is the truth, the message only a wake-up: an instance reads it again after every
// (re)subscription (a message sent while it was away is lost) and every few seconds as a net.
// One hash-tag family ({flags}) so the layout works on Redis Cluster, as src/redis/keys.ts's.

/** The hash holding the flags an operator set. */
export const FLAGS_KEY = `${KEY_PREFIX}:{flags}`;
/** Published after every change (the message is the flag's name; readers read the whole hash). */
export const FLAGS_CHANNEL = `${KEY_PREFIX}:{flags}:changed`;

const POLL_MS = 5000;

export class RedisFlagSource implements FlagSource {
  readonly kind = 'redis' as const;
  readonly where = `redis hash ${FLAGS_KEY}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: RedisConnection,
    private readonly pollMs = POLL_MS,
  ) {}

  async read(): Promise<Record<string, unknown>> {
    const reply = await this.connection.call<unknown>(FLAGS_KEY, ['HGETALL', FLAGS_KEY]);
    return hashEntries(reply);
  }

  async set<K extends FlagName>(name: K, value: FlagValues[K]): Promise<void> {
    await this.connection.call(FLAGS_KEY, ['HSET', FLAGS_KEY, name, String(value)]);
    await this.announce(name);
  }

  async unset(name: FlagName): Promise<void> {
    await this.connection.call(FLAGS_KEY, ['HDEL', FLAGS_KEY, name]);
    await this.announce(name);
  }

  async watch(onChange: () => void): Promise<void> {
    await this.connection.subscribe(FLAGS_CHANNEL, onChange, onChange);
    this.timer = setInterval(onChange, this.pollMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }

  /** A lost message only delays the change until the next read of the net, so it is not an error. */
  private async announce(name: FlagName): Promise<void> {
    await this.connection.call(undefined, ['PUBLISH', FLAGS_CHANNEL, name]).catch(() => undefined);
  }
}

/** HGETALL's reply: a flat [field, value, …] list (RESP2) or a map (RESP3). */
function hashEntries(reply: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  } else if (reply instanceof Map) {
    for (const [k, v] of reply) out[String(k)] = String(v);
  } else if (reply && typeof reply === 'object') {
    for (const [k, v] of Object.entries(reply)) out[k] = String(v);
  }
  return out;
}
