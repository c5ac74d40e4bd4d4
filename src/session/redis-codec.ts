import type { ExecutionRecord } from '../envelope/execution-record.js';
import type { Session } from './types.js';
import { decodeValue, encodeValue } from '../redis/codec.js';

// A session in Redis: a hash (scalar fields + one field per state key, so a tool's update
// writes only its own key) and a list of JSON history records. Times are stored as ms.

const STATE_PREFIX = 's:';

export function stateFields(state: Record<string, unknown>, threshold: number): Buffer[] {
  const out: Buffer[] = [];
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    out.push(Buffer.from(STATE_PREFIX + key), encodeValue(value, threshold));
  }
  return out;
}

export function sessionFields(s: Session, threshold: number): Array<string | Buffer> {
  const fields: Array<string | Buffer> = [
    'id',
    s.id,
    'createdAt',
    String(Date.parse(s.createdAt)),
    'updatedAt',
    String(Date.parse(s.updatedAt)),
    'expiresAt',
    String(Date.parse(s.expiresAt)),
    'ttlMs',
    String(s.ttlMs),
    'version',
    String(s.version),
  ];
  if (s.label !== undefined) fields.push('label', s.label);
  return [...fields, ...stateFields(s.state, threshold)];
}

export function historyItems(records: ExecutionRecord[]): string[] {
  return records.map((r) => JSON.stringify(r));
}

const iso = (ms: Buffer | undefined) => new Date(Number(ms?.toString() ?? 0)).toISOString();

/** From the [HGETALL, LRANGE] pair the scripts return (binary-safe replies). */
export function decodeSession(flat: Buffer[], history: Buffer[]): Session {
  const scalars = new Map<string, Buffer>();
  const state: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i]!.toString('utf8');
    if (field.startsWith(STATE_PREFIX)) state[field.slice(STATE_PREFIX.length)] = decodeValue(flat[i + 1]!);
    else scalars.set(field, flat[i + 1]!);
  }
  const label = scalars.get('label');
  return {
    id: scalars.get('id')?.toString('utf8') ?? '',
    ...(label !== undefined ? { label: label.toString('utf8') } : {}),
    createdAt: iso(scalars.get('createdAt')),
    updatedAt: iso(scalars.get('updatedAt')),
    expiresAt: iso(scalars.get('expiresAt')),
    ttlMs: Number(scalars.get('ttlMs')?.toString() ?? 0),
    version: Number(scalars.get('version')?.toString() ?? 0),
    state,
    history: history.map((h) => JSON.parse(h.toString('utf8')) as ExecutionRecord),
  };
}
