import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/server/app.js';
import { CLI, SAMPLE } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const exec = promisify(execFile);

async function cli(args: string[]) {
  try {
    const r = await exec(process.execPath, [CLI, 'sessions', ...args]);
    return { code: 0, ...r };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const byId = (lines: string) =>
  lines
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('sessions export/import through the CLI: memory → Redis → memory', () => {
  let redis: RedisServer;
  const dir = mkdtempSync(join(tmpdir(), 'mca-migrate-'));
  const snapshot = join(dir, 'memory.json');

  beforeAll(async () => {
    redis = await startRedisServer();
    const app = await createApp(
      loadConfig({ roots: [SAMPLE], engine: 'wasm', workers: 0, sessionSnapshot: snapshot }, {}),
      pino({ level: 'silent' }),
    );
    for (let i = 0; i < 5; i++) {
      const s = await app.deps.sessions.create({ label: `s${i}` });
      await app.deps.sessions.update(s.id, s.version, {
        state: {
          analyze_complexity: { runs: { src: { at: 'x', files: i, functions: 1, cyclomaticSum: 2, cognitiveSum: 3 } } },
        },
      });
    }
    await app.close();
  });
  afterAll(async () => redis?.dispose());

  it('moves every session both ways with the same records', async () => {
    const fromMemory = join(dir, 'from-memory.jsonl');
    expect((await cli(['export', '--store', 'memory', '--session-snapshot', snapshot, '--out', fromMemory])).code).toBe(
      0,
    );
    const dry = await cli(['import', '--in', fromMemory, '--store', 'redis', '--redis-url', redis.url, '--dry-run']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ read: 5, valid: 5, imported: 0, dryRun: true });
    const imported = await cli(['import', '--in', fromMemory, '--store', 'redis', '--redis-url', redis.url]);
    expect(JSON.parse(imported.stdout)).toMatchObject({ read: 5, imported: 5, rejected: [] });

    const fromRedis = join(dir, 'from-redis.jsonl');
    expect((await cli(['export', '--store', 'redis', '--redis-url', redis.url, '--out', fromRedis])).code).toBe(0);
    const a = byId(readFileSync(fromMemory, 'utf8'));
    const b = byId(readFileSync(fromRedis, 'utf8'));
    // Same sessions, state and history; expiry may have been refreshed by the reads.
    const strip = (s: any) => ({ ...s, expiresAt: undefined, updatedAt: undefined });
    expect(b.map(strip)).toEqual(a.map(strip));

    const back = join(dir, 'rolled-back.json');
    expect(
      JSON.parse((await cli(['import', '--in', fromRedis, '--store', 'memory', '--session-snapshot', back])).stdout)
        .imported,
    ).toBe(5);
    const app = await createApp(
      loadConfig({ roots: [SAMPLE], engine: 'wasm', workers: 0, sessionSnapshot: back }, {}),
      pino({ level: 'silent' }),
    );
    expect((await app.deps.sessions.list({ limit: 50 })).sessions).toHaveLength(5);
    await app.close();
  });

  it('rejects corrupted lines with their reason and loses nothing else', async () => {
    const good = readFileSync(join(dir, 'from-memory.jsonl'), 'utf8').trim().split('\n');
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, [good[0], '{not json', JSON.stringify({ id: 'x' }), good[1]].join('\n'));
    const target = join(dir, 'mixed.json');
    const run = await cli(['import', '--in', mixed, '--store', 'memory', '--session-snapshot', target]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ read: 4, imported: 2 });
    expect(report.rejected.map((r: any) => r.line)).toEqual([2, 3]);
    expect(JSON.parse(readFileSync(target, 'utf8')).sessions).toHaveLength(2);
  });
});
