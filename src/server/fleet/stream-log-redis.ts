import type { RedisConnection } from '../../redis/connection.js';
import { eventStreamKeys, FLEET_CHANNEL, instanceKey } from '../../redis/keys.js';
import { LuaScript } from '../../redis/script.js';
import type { FleetBus } from './fleet-bus.js';
import type { StreamEntry, StreamInfo, StreamLog } from './stream-log.js';

// Resumable streams in Redis: each stream's events in a Redis stream (XADD/XRANGE), its info
// beside it, all under one hash tag. An append also publishes on the fleet channel so that an
// instance following the stream for a resumed client wakes at once instead of polling.

/** XADD, the stream's expiry and the wake-up message in one round trip. */
const APPEND = new LuaScript(
  'stream.append',
  `local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'd', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return id`,
);

const MAX_ENTRIES = 10_000;

export class RedisStreamLog implements StreamLog {
  readonly start = '0-0';

  constructor(
    private readonly connection: RedisConnection,
    private readonly bus: FleetBus,
    private readonly ttlMs = 15 * 60 * 1000,
  ) {}

  async open(stream: string, info: StreamInfo): Promise<void> {
    const { info: key } = eventStreamKeys(stream);
    await this.connection.call(key, ['SET', key, JSON.stringify(info), 'PX', String(this.ttlMs)]);
  }

  async info(stream: string): Promise<StreamInfo | undefined> {
    const { info: key } = eventStreamKeys(stream);
    const json = await this.connection.call<string | null>(key, ['GET', key]);
    if (!json) return undefined;
    try {
      return JSON.parse(json) as StreamInfo;
    } catch {
      return undefined;
    }
  }

  async append(stream: string, data: string): Promise<string> {
    const keys = eventStreamKeys(stream);
    const wake = JSON.stringify({ t: 'event', stream });
    const seq = await APPEND.run<string>(
      this.connection,
      [keys.events],
      [data, String(this.ttlMs), String(MAX_ENTRIES), FLEET_CHANNEL, wake],
    );
    await this.connection.call(keys.info, ['PEXPIRE', keys.info, String(this.ttlMs)]);
    return seq;
  }

  async after(stream: string, seq: string): Promise<StreamEntry[]> {
    const { events } = eventStreamKeys(stream);
    const rows = await this.connection.call<[string, string[]][]>(events, [
      'XRANGE',
      events,
      `(${seq}`,
      '+',
      'COUNT',
      '1000',
    ]);
    return (rows ?? []).map(([id, fields]) => ({ seq: id, data: fields[1] ?? '' }));
  }

  async claim(stream: string, lost: string, owner: string): Promise<boolean> {
    const keys = eventStreamKeys(stream);
    // One claim per lost owner: if the new owner dies too, the next takeover is another claim.
    const key = `${keys.claim}:${lost}`;
    const won = await this.connection.call<string | null>(key, ['SET', key, owner, 'NX', 'PX', String(this.ttlMs)]);
    if (won !== 'OK') return false;
    const info = await this.info(stream);
    if (info) await this.open(stream, { ...info, owner });
    return true;
  }

  async alive(owner: string): Promise<boolean> {
    const key = instanceKey(owner);
    return (await this.connection.call<number>(key, ['EXISTS', key])) === 1;
  }

  onAppend(listener: (stream: string) => void): void {
    this.bus.on((m) => {
      if (m.t === 'event') listener(m.stream);
    });
  }
}
