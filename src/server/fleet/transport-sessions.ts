import type { RedisConnection } from '../../redis/connection.js';
import { isSafeId, transportSessionKey } from '../../redis/keys.js';

// 2025-era transport sessions (Mcp-Session-Id) shared by the fleet. What an instance needs to
// serve a session another instance opened is the client's initialize request: replayed into
// a fresh SDK server, it negotiates the same protocol version and records the same client
// capabilities through the SDK's own code, so nothing of the SDK's state is copied by hand.

/** The params of the client's initialize request (protocolVersion, capabilities, clientInfo). */
export type InitializeParams = Record<string, unknown>;

export interface SharedTransportSessions {
  save(id: string, initialize: InitializeParams): Promise<void>;
  load(id: string): Promise<InitializeParams | undefined>;
  /** Keeps a session in use alive (its TTL counts from the last use). */
  touch(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Initialize params are small; a bigger one is refused (it would be copied into every instance). */
const MAX_BYTES = 64 * 1024;

export class RedisTransportSessions implements SharedTransportSessions {
  constructor(
    private readonly connection: RedisConnection,
    private readonly ttlMs: number,
  ) {}

  async save(id: string, initialize: InitializeParams): Promise<void> {
    const json = JSON.stringify(initialize);
    if (json.length > MAX_BYTES) throw new Error(`initialize params of ${json.length} bytes: too big to share`);
    const key = transportSessionKey(id);
    await this.connection.call(key, ['SET', key, json, 'PX', String(this.ttlMs)]);
  }

  async load(id: string): Promise<InitializeParams | undefined> {
    if (!isSafeId(id)) return undefined; // a forged id must not shape a key
    const key = transportSessionKey(id);
    const json = await this.connection.call<string | null>(key, ['GET', key]);
    if (!json) return undefined;
    try {
      const params = JSON.parse(json) as unknown;
      return typeof params === 'object' && params !== null ? (params as InitializeParams) : undefined;
    } catch {
      return undefined;
    }
  }

  async touch(id: string): Promise<void> {
    const key = transportSessionKey(id);
    await this.connection.call(key, ['PEXPIRE', key, String(this.ttlMs)]);
  }

  async remove(id: string): Promise<void> {
    const key = transportSessionKey(id);
    await this.connection.call(key, ['DEL', key]);
  }
}
