import type { ExecutionRecord } from '../envelope/execution-record.js';
import { decodeValue, encodeValue } from '../redis/codec.js';
import type { RedisConnection } from '../redis/connection.js';
import * as X from '../redis/execution-scripts.js';
import { executionKeys, isSafeId, RUNNING_INDEX_KEY } from '../redis/keys.js';
import {
  closeAsLost,
  isTerminal,
  type ExecutionRecordStore,
  type HeartbeatOptions,
  type StartOptions,
} from './execution-record-store.js';

export interface RedisExecutionRecordOptions {
  connection: RedisConnection;
  /** How long records (and snapshots) are kept after their last write. */
  recordTtlMs?: number;
  /** Index entries examined per sweep. */
  sweepBatch?: number;
  now?: () => number;
}

/** Execution records shared by every instance; see ExecutionRecordStore for the lease model. */
export class RedisExecutionRecordStore implements ExecutionRecordStore {
  readonly kind = 'redis' as const;
  private readonly conn: RedisConnection;
  private readonly ttl: string;
  private readonly batch: number;
  private readonly now: () => number;

  constructor(options: RedisExecutionRecordOptions) {
    this.conn = options.connection;
    this.ttl = String(options.recordTtlMs ?? 24 * 60 * 60 * 1000);
    this.batch = options.sweepBatch ?? 100;
    this.now = options.now ?? Date.now;
  }

  async start(record: ExecutionRecord, options: StartOptions): Promise<void> {
    const k = this.keys(record.executionId);
    // Index first: if this instance dies between the two writes, the sweeper still finds it.
    await this.index(record.executionId, options.leaseMs);
    const snapshot = options.snapshot === undefined ? '' : encodeValue(options.snapshot);
    const args = [JSON.stringify(record), snapshot, options.owner, String(options.leaseMs), this.ttl];
    await X.START.run(this.conn, [k.record, k.snapshot, k.lease], args);
  }

  async heartbeat(executionId: string, options: HeartbeatOptions): Promise<boolean> {
    const k = this.keys(executionId);
    const args = [
      options.owner,
      String(options.leaseMs),
      options.snapshot === undefined ? '' : encodeValue(options.snapshot),
      options.record ? JSON.stringify(options.record) : '',
      this.ttl,
    ];
    const alive = (await X.HEARTBEAT.run<number>(this.conn, [k.record, k.snapshot, k.lease], args)) === 1;
    if (alive) await this.index(executionId, options.leaseMs);
    return alive;
  }

  async finish(record: ExecutionRecord): Promise<boolean> {
    const k = this.keys(record.executionId);
    const done = await X.FINISH.run<number>(
      this.conn,
      [k.record, k.snapshot, k.lease],
      [JSON.stringify(record), this.ttl],
    );
    await this.conn.call(RUNNING_INDEX_KEY, ['ZREM', RUNNING_INDEX_KEY, record.executionId]);
    return done === 1;
  }

  async get(executionId: string): Promise<ExecutionRecord | undefined> {
    if (!isSafeId(executionId)) return undefined;
    const json = await this.conn.call<string | null>(executionKeys(executionId).record, [
      'GET',
      executionKeys(executionId).record,
    ]);
    return json ? (JSON.parse(json) as ExecutionRecord) : undefined;
  }

  async getSnapshot(executionId: string): Promise<unknown> {
    if (!isSafeId(executionId)) return undefined;
    const key = executionKeys(executionId).snapshot;
    const data = await this.conn.call<Buffer | null>(key, ['GET', key], true);
    return data ? decodeValue(data) : undefined;
  }

  async sweep(): Promise<ExecutionRecord[]> {
    const due = await this.conn.call<string[]>(RUNNING_INDEX_KEY, [
      'ZRANGEBYSCORE',
      RUNNING_INDEX_KEY,
      '-inf',
      String(this.now()),
      'LIMIT',
      '0',
      String(this.batch),
    ]);
    const closed: ExecutionRecord[] = [];
    for (const id of due) {
      const result = await this.sweepOne(id);
      if (result === 'alive') continue;
      await this.conn.call(RUNNING_INDEX_KEY, ['ZREM', RUNNING_INDEX_KEY, id]);
      if (result !== 'skip') closed.push(result);
    }
    return closed;
  }

  async close(): Promise<void> {
    // The connection is shared with the session store; its owner closes it.
  }

  /** 'alive' (lease held), 'skip' (gone or already closed), or the record it closed. */
  private async sweepOne(id: string): Promise<ExecutionRecord | 'alive' | 'skip'> {
    if (!isSafeId(id)) return 'skip';
    const k = executionKeys(id);
    const [status, json] = await X.SWEEP_READ.run<[string, string?]>(this.conn, [k.record, k.lease], []);
    if (status === 'alive') return 'alive';
    if (status !== 'rec' || !json) return 'skip';
    const record = JSON.parse(json) as ExecutionRecord;
    if (isTerminal(record)) return 'skip';
    const lost = closeAsLost(record, this.now());
    const ok = await X.SWEEP_CLOSE.run<number>(
      this.conn,
      [k.record, k.snapshot, k.lease],
      [json, JSON.stringify(lost)],
    );
    // Lost the race to a heartbeat or a finish: nothing to close now.
    return ok === 1 ? lost : 'alive';
  }

  private async index(id: string, leaseMs: number): Promise<void> {
    await this.conn.call(RUNNING_INDEX_KEY, ['ZADD', RUNNING_INDEX_KEY, String(this.now() + leaseMs), id]);
  }

  private keys(id: string) {
    if (!isSafeId(id)) throw new Error(`invalid execution id ${id}`);
    return executionKeys(id);
  }
}
