import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../../src/session/memory-store.js';
import { sessionStoreContract, codeOf } from '../../contract/session-store.contract.js';

sessionStoreContract('memory', async () => new MemorySessionStore());

describe('memory store specifics', () => {
  it('refuses a new session when full, with a clear error', async () => {
    const store = new MemorySessionStore({ maxSessions: 2 });
    await store.create({});
    await store.create({});
    expect(await codeOf(store.create({}))).toBe('SESSION_LIMIT');
  });

  it('frees room when sessions expire (injected clock)', async () => {
    let now = 1_000_000;
    const store = new MemorySessionStore({ maxSessions: 1, now: () => now });
    const s = await store.create({ ttlMs: 1000 });
    now += 1001;
    expect(await store.get(s.id)).toBeUndefined();
    await expect(store.create({})).resolves.toBeDefined();
  });

  it('snapshots and restores live sessions, dropping expired ones', async () => {
    let now = 1_000_000;
    const a = new MemorySessionStore({ now: () => now });
    const keep = await a.create({ label: 'keep', ttlMs: 60_000 });
    await a.create({ label: 'gone', ttlMs: 1000 });
    const snapshot = a.snapshot();
    expect(snapshot).toHaveLength(2);
    now += 5000;
    const b = new MemorySessionStore({ now: () => now });
    expect(b.restore(snapshot)).toBe(1);
    expect((await b.get(keep.id))?.label).toBe('keep');
  });
});
