import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSessions, importSessions, type SessionSource } from '../../src/session/migration.js';
import { MemorySessionStore } from '../../src/session/memory-store.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { readSnapshot, snapshotSink, snapshotSource, writeSnapshot } from '../../src/session/snapshot.js';
import type { Session } from '../../src/session/types.js';
import { makeRecord } from '../contract/contract-helpers.js';
import { redisCli, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
let dir: string;
beforeAll(async () => {
  server = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'mca-migrate-'));
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function exportToText(source: SessionSource): Promise<string> {
  let text = '';
  const out = new Writable({ write: (chunk, _enc, done) => ((text += chunk.toString()), done()) });
  await exportSessions(source, out, 3);
  return text;
}

const byId = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Session)
    .sort((a, b) => a.id.localeCompare(b.id));

async function populatedMemory(): Promise<MemorySessionStore> {
  const mem = new MemorySessionStore();
  for (let i = 0; i < 8; i++) {
    const s = await mem.create({ label: `s${i}`, ttlMs: 3_600_000 });
    const big = i === 0 ? { rows: Array.from({ length: 3000 }, (_, j) => `file-${j}.ts`) } : { n: i };
    await mem.update(s.id, s.version, {
      state: { tool: big },
      appendHistory: [makeRecord(i, s.id), makeRecord(i + 100, s.id)],
    });
  }
  return mem;
}

async function freshRedis(): Promise<RedisSessionStore> {
  redisCli(server.port, 'FLUSHALL');
  return RedisSessionStore.connect({ url: server.url });
}

describe('session migration', () => {
  it('memory → Redis → memory gives back the same records', async () => {
    const mem = await populatedMemory();
    const fromMemory = await exportToText(mem);
    const redis = await freshRedis();
    try {
      const report = await importSessions(Readable.from(fromMemory), redis);
      expect(report).toMatchObject({ read: 8, valid: 8, imported: 8, rejected: [], expired: [] });
      const fromRedis = await exportToText(redis);
      expect(byId(fromRedis)).toEqual(byId(fromMemory));
      const rollback = new MemorySessionStore();
      await importSessions(Readable.from(fromRedis), rollback);
      expect(byId(await exportToText(rollback))).toEqual(byId(fromMemory));
    } finally {
      await redis.close();
    }
  });

  it('reads and writes the memory store snapshot file', async () => {
    const mem = await populatedMemory();
    const source = join(dir, 'source.json');
    await writeSnapshot(source, mem.snapshot());
    const lines = await exportToText(snapshotSource(source));
    const target = join(dir, 'nested', 'target.json');
    const report = await importSessions(Readable.from(lines), snapshotSink(target));
    expect(report.imported).toBe(8);
    const back = await readSnapshot(target);
    expect(back.rejected).toEqual([]);
    expect(back.sessions.sort((a, b) => a.id.localeCompare(b.id))).toEqual(byId(lines));
  });

  it('rejects corrupted lines with line numbers and reasons, imports the rest; dry-run writes nothing', async () => {
    const mem = await populatedMemory();
    const good = byId(await exportToText(mem));
    const expired = { ...good[1]!, id: 'old-one', expiresAt: '2020-01-01T00:00:00.000Z' };
    const lines = [
      JSON.stringify(good[0]),
      '{"id": "broken",',
      JSON.stringify({ ...good[2], version: -1 }),
      '',
      JSON.stringify(good[3]),
      JSON.stringify(good[0]),
      JSON.stringify({ ...good[4], id: 'bad id {x}' }),
      JSON.stringify(expired),
    ].join('\n');
    const redis = await freshRedis();
    try {
      const dry = await importSessions(Readable.from(lines), redis, { dryRun: true });
      expect(dry).toMatchObject({ read: 7, valid: 2, imported: 0, dryRun: true });
      expect((await redis.list({ limit: 100 })).sessions).toEqual([]);

      const report = await importSessions(Readable.from(lines), redis);
      expect(report.imported).toBe(2);
      expect(report.rejected.map((r) => r.line)).toEqual([2, 3, 6, 7]);
      expect(report.rejected[0]!.reason).toMatch(/invalid JSON/);
      expect(report.rejected[1]!.reason).toMatch(/version/);
      expect(report.rejected[2]!.reason).toMatch(/duplicate session id .* line 1/);
      expect(report.rejected[3]!.reason).toMatch(/^invalid session: id/);
      expect(report.expired).toEqual([{ line: 8, reason: expect.stringMatching(/expired/) }]);
      const ids = (await redis.list({ limit: 100 })).sessions.map((s) => s.id).sort();
      expect(ids).toEqual([good[0]!.id, good[3]!.id].sort());
    } finally {
      await redis.close();
    }
  });
});
