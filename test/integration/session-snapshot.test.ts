import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/server/app.js';
import { SAMPLE } from '../helpers/cli.js';

describe('--session-snapshot (memory store)', () => {
  it('writes live sessions on shutdown and loads them at the next start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mca-snap-')), 'sessions.json');
    const config = loadConfig({ roots: [SAMPLE], engine: 'wasm', workers: 0, sessionSnapshot: file }, {});
    const first = await createApp(config, pino({ level: 'silent' }));
    const created = await first.deps.sessions.create({ label: 'survives restarts' });
    await first.deps.sessions.update(created.id, created.version, { state: { analyze_complexity: { runs: {} } } });
    await first.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      version: 1,
      sessions: [{ id: created.id, label: 'survives restarts' }],
    });

    const second = await createApp(config, pino({ level: 'silent' }));
    const loaded = await second.deps.sessions.get(created.id);
    expect(loaded).toMatchObject({
      label: 'survives restarts',
      version: 2,
      state: { analyze_complexity: { runs: {} } },
    });
    await second.close();
  });
});
