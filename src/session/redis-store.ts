import { ToolError } from '../envelope/errors.js';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import { DEFAULT_COMPRESS_THRESHOLD } from '../redis/codec.js';
import { RedisConnection, type RedisConnectionOptions } from '../redis/connection.js';
import { isSafeId, SESSION_META_PATTERN, sessionIdFromMetaKey, sessionKeys } from '../redis/keys.js';
import { scanPage } from '../redis/scan.js';
import { decodeSession, historyItems, sessionFields, stateFields } from './redis-codec.js';
import * as S from './redis-scripts.js';
import { acquireRedisLock } from './redis-lock.js';
import {
  DEFAULT_SESSION_TTL_MS,
  HISTORY_LIMIT,
  MAX_SESSION_TTL_MS,
  type Session,
  type SessionCreateInput,
  type SessionLock,
  type SessionPage,
  type SessionPatch,
  type SessionStore,
} from './types.js';
import { newSession } from './new-session.js';

export interface RedisSessionStoreOptions {
  connection: RedisConnection;
  /** close() also closes the connection (true when the store made it). */
  ownsConnection?: boolean;
  defaultTtlMs?: number;
  historyLimit?: number;
  /** State values larger than this (bytes of JSON) are stored brotli-compressed. */
  compressThreshold?: number;
  now?: () => number;
}

type Reply = [Buffer[], Buffer[]];

/**
 * Sessions in Redis, interchangeable with the memory store (one contract suite). Every
 * operation is a single Lua script on the session's hash-tagged slot, so instances never
 * lose each other's updates; all reads and writes go through the connection's breaker.
 */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;
  readonly connection: RedisConnection;
  private readonly owns: boolean;
  private readonly defaultTtlMs: number;
  private readonly historyLimit: number;
  private readonly threshold: number;
  private readonly now: () => number;

  constructor(options: RedisSessionStoreOptions) {
    this.connection = options.connection;
    this.owns = options.ownsConnection ?? false;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.historyLimit = options.historyLimit ?? HISTORY_LIMIT;
    this.threshold = options.compressThreshold ?? DEFAULT_COMPRESS_THRESHOLD;
    this.now = options.now ?? Date.now;
  }

  /** A store with its own connection; waits up to waitMs for Redis, then keeps trying in the background. */
  static async connect(
    conn: RedisConnectionOptions,
    options: Omit<RedisSessionStoreOptions, 'connection' | 'ownsConnection'> & { waitMs?: number } = {},
  ): Promise<RedisSessionStore> {
    const connection = new RedisConnection(conn);
    await connection.connect(options.waitMs ?? 5000);
    return new RedisSessionStore({ ...options, connection, ownsConnection: true });
  }

  async create(input: SessionCreateInput): Promise<Session> {
    const session = newSession(input, this.defaultTtlMs, this.now());
    const created = await this.put(session, true);
    if (!created) throw new ToolError('INTERNAL', `Session id collision for ${session.id}.`);
    return session;
  }

  async get(id: string): Promise<Session | undefined> {
    return this.read(id, true);
  }

  async update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session> {
    const k = this.keys(id);
    const fields = [...stateFields(patch.state ?? {}, this.threshold)];
    if (patch.label !== undefined) fields.push(Buffer.from('label'), Buffer.from(patch.label));
    const args = [
      String(expectedVersion),
      String(this.now()),
      patch.fencingToken !== undefined ? String(patch.fencingToken) : '',
      String(this.historyLimit),
      String(fields.length / 2),
      ...fields,
      ...historyItems(patch.appendHistory ?? []),
    ];
    const reply = await S.UPDATE.run<[Buffer, ...unknown[]]>(this.connection, [k.meta, k.hist], args, true);
    const status = reply[0].toString();
    if (status === 'OK') return decodeSession(reply[1] as Buffer[], reply[2] as Buffer[]);
    if (status === 'NOTFOUND') throw notFound(id);
    const actual = Number(String(reply[1]));
    if (status === 'FENCED') {
      throw new ToolError(
        'SESSION_CONFLICT',
        `Session ${id}: fencing token ${patch.fencingToken} is stale (latest ${actual}).`,
        {
          fencingToken: patch.fencingToken,
          latestFencingToken: actual,
        },
      );
    }
    throw new ToolError('SESSION_CONFLICT', `Session ${id} is at version ${actual}, not ${expectedVersion}.`, {
      expectedVersion,
      actualVersion: actual,
    });
  }

  async appendHistory(id: string, records: ExecutionRecord[]): Promise<void> {
    const k = this.keys(id);
    const args = [String(this.now()), String(this.historyLimit), ...historyItems(records)];
    const ok = await S.APPEND.run<number>(this.connection, [k.meta, k.hist], args);
    if (ok !== 1) throw notFound(id);
  }

  async delete(id: string): Promise<boolean> {
    if (!isSafeId(id)) return false;
    const k = sessionKeys(id);
    return (await S.DELETE.run<number>(this.connection, [k.meta, k.hist, k.lock], [])) === 1;
  }

  async list(options: { cursor?: string; limit?: number } = {}): Promise<SessionPage> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    let page;
    try {
      page = await scanPage(this.connection, SESSION_META_PATTERN, limit, options.cursor, sessionIdFromMetaKey);
    } catch (error) {
      if (error instanceof Error && error.message === 'invalid cursor') {
        throw new ToolError('INVALID_ARGUMENT', 'The cursor is not one this store returned.');
      }
      throw error;
    }
    // Listing is not using: read without refreshing TTLs. Sessions gone meanwhile drop out.
    const sessions = (await Promise.all(page.items.map((id) => this.read(id, false)))).filter((s) => s !== undefined);
    return { sessions, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async touch(id: string, ttlMs?: number): Promise<boolean> {
    if (!isSafeId(id)) return false;
    const k = sessionKeys(id);
    const ttl = ttlMs === undefined ? '' : String(Math.min(ttlMs, MAX_SESSION_TTL_MS));
    return (await S.TOUCH.run<number>(this.connection, [k.meta, k.hist], [String(this.now()), ttl])) === 1;
  }

  async lock(id: string, options: { ttlMs?: number; waitMs?: number } = {}): Promise<SessionLock> {
    return acquireRedisLock(this.connection, this.keys(id), options.ttlMs ?? 30_000, options.waitMs ?? 5_000);
  }

  /** SCANs the session keys of every master without reading a session; they expire with their session. */
  async count(): Promise<number> {
    let total = 0;
    let cursor: string | undefined;
    do {
      const page = await scanPage(this.connection, SESSION_META_PATTERN, 1000, cursor, sessionIdFromMetaKey);
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return total;
  }

  async healthy(): Promise<boolean> {
    return this.connection.isOpen() && this.connection.breaker.state === 'closed';
  }

  async close(): Promise<void> {
    if (this.owns) await this.connection.close();
  }

  /** Put sessions back as they were (migration, rollback); expired ones are skipped. */
  async restore(sessions: Session[]): Promise<number> {
    let loaded = 0;
    for (const s of sessions) {
      if (!isSafeId(s.id) || Date.parse(s.expiresAt) <= this.now()) continue;
      if (await this.put(s, false)) loaded++;
    }
    return loaded;
  }

  private async put(s: Session, onlyIfNew: boolean): Promise<boolean> {
    const k = sessionKeys(s.id);
    const fields = sessionFields(s, this.threshold);
    const args = [onlyIfNew ? '1' : '0', String(Date.parse(s.expiresAt)), String(fields.length / 2), ...fields];
    const history = historyItems(s.history.slice(-this.historyLimit));
    return (await S.PUT.run<number>(this.connection, [k.meta, k.hist], [...args, ...history])) === 1;
  }

  private async read(id: string, refresh: boolean): Promise<Session | undefined> {
    if (!isSafeId(id)) return undefined;
    const k = sessionKeys(id);
    const reply = await S.READ.run<Reply | null>(
      this.connection,
      [k.meta, k.hist],
      [String(this.now()), refresh ? '1' : '0'],
      true,
    );
    return reply ? decodeSession(reply[0], reply[1]) : undefined;
  }

  /** Keys of a session that must exist: an id that cannot be a key is simply not found. */
  private keys(id: string) {
    if (!isSafeId(id)) throw notFound(id);
    return sessionKeys(id);
  }
}

function notFound(id: string): ToolError {
  return new ToolError('SESSION_NOT_FOUND', `No live session with id ${id}.`, { sessionId: id });
}
