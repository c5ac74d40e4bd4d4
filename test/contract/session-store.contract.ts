import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session, SessionStore } from '../../src/session/types.js';
import { codeOf, makeRecord, sleep, type ContractContext } from './contract-helpers.js';
import { concurrency, history, locking } from './session-store.contract-more.js';

export { codeOf, makeRecord, sleep };

// One suite for every SessionStore. Expiry uses real ms TTLs and short sleeps (a Redis
// server has no fake clock), so each timing has a wide margin for a loaded 2-core machine.

export function sessionStoreContract(
  name: string,
  makeStore: () => Promise<SessionStore>,
  cleanup?: (store: SessionStore) => Promise<void>,
): void {
  describe(`SessionStore contract: ${name}`, () => {
    const ctx = {} as ContractContext;
    beforeEach(async () => {
      ctx.store = await makeStore();
    });
    afterEach(async () => {
      if (cleanup) await cleanup(ctx.store);
      await ctx.store.close();
    });
    basics(ctx);
    expiry(ctx);
    listing(ctx);
    locking(ctx);
    history(ctx);
    concurrency(ctx);
  });
}

function basics(ctx: ContractContext): void {
  it('creates a session that get returns', async () => {
    const s = await ctx.store.create({ label: 'first', ttlMs: 60_000 });
    expect(s.id).toMatch(/\S/);
    expect(s).toMatchObject({ label: 'first', ttlMs: 60_000, state: {}, history: [] });
    expect(Date.parse(s.expiresAt) - Date.parse(s.createdAt)).toBe(60_000);
    const got = await ctx.store.get(s.id);
    expect(got).toMatchObject({
      id: s.id,
      label: 'first',
      version: s.version,
      createdAt: s.createdAt,
      state: {},
      history: [],
    });
  });

  it('returns undefined for unknown ids, including ones that could not be keys', async () => {
    for (const id of ['no-such-session', '{s:x}', '../../etc', '', 'a b'])
      expect(await ctx.store.get(id)).toBeUndefined();
  });

  it('updates with the expected version: version +1, state merged per key, label set', async () => {
    const s = await ctx.store.create({});
    const a = await ctx.store.update(s.id, s.version, { state: { toolA: { n: 1 } }, label: 'L' });
    expect(a.version).toBe(s.version + 1);
    const b = await ctx.store.update(s.id, a.version, { state: { toolB: ['x'] } });
    expect(b.state).toEqual({ toolA: { n: 1 }, toolB: ['x'] });
    expect(b.label).toBe('L');
    expect(await ctx.store.get(s.id)).toMatchObject({ version: s.version + 2, state: b.state, label: 'L' });
  });

  it('refuses a stale version with SESSION_CONFLICT and leaves the session unchanged', async () => {
    const s = await ctx.store.create({});
    await ctx.store.update(s.id, s.version, { state: { t: 1 } });
    expect(await codeOf(ctx.store.update(s.id, s.version, { state: { t: 2 } }))).toBe('SESSION_CONFLICT');
    expect((await ctx.store.get(s.id))?.state).toEqual({ t: 1 });
  });

  it('answers SESSION_NOT_FOUND for updates and appends to unknown sessions', async () => {
    expect(await codeOf(ctx.store.update('missing', 1, { state: {} }))).toBe('SESSION_NOT_FOUND');
    expect(await codeOf(ctx.store.appendHistory('missing', [makeRecord(1)]))).toBe('SESSION_NOT_FOUND');
  });

  it('deletes: true once, then false, and the session is gone', async () => {
    const s = await ctx.store.create({});
    expect(await ctx.store.delete(s.id)).toBe(true);
    expect(await ctx.store.delete(s.id)).toBe(false);
    expect(await ctx.store.get(s.id)).toBeUndefined();
  });

  it('keeps large state intact', async () => {
    const s = await ctx.store.create({});
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, path: `src/file-${i}.ts`, score: i % 17 })) };
    const u = await ctx.store.update(s.id, s.version, { state: { big } });
    expect(u.state['big']).toEqual(big);
    expect((await ctx.store.get(s.id))?.state['big']).toEqual(big);
  });

  it('is healthy while open', async () => {
    expect(await ctx.store.healthy()).toBe(true);
  });
}

function expiry(ctx: ContractContext): void {
  it('expires a session after its TTL', async () => {
    const s = await ctx.store.create({ ttlMs: 200 });
    expect(await ctx.store.get(s.id)).toBeDefined();
    await sleep(450);
    expect(await ctx.store.get(s.id)).toBeUndefined();
    expect(await codeOf(ctx.store.update(s.id, s.version, {}))).toBe('SESSION_NOT_FOUND');
    expect(await ctx.store.touch(s.id)).toBe(false);
  });

  // Refreshes are checked on the expiry a store reports, not by outliving a short TTL across
  // sleeps: on a loaded machine a 250 ms sleep can last longer than a 400 ms TTL.
  /** A session's expiry as listed (listing refreshes nothing). */
  async function listedExpiry(id: string): Promise<number> {
    let cursor: string | undefined;
    for (let round = 0; round < 10_000; round++) {
      const page = await ctx.store.list({ limit: 500, ...(cursor ? { cursor } : {}) });
      const found = page.sessions.find((x: Session) => x.id === id);
      if (found) return Date.parse(found.expiresAt);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    throw new Error(`session ${id} is not listed`);
  }

  it('get refreshes the TTL: a session read later expires later', async () => {
    const s = await ctx.store.create({ ttlMs: 60_000 });
    // A read may skip refreshing while the expiry would move by less than min(1 s, ttl/10)
    // (the Redis store saves a write per read that way): wait past that.
    await sleep(1_100);
    const got = await ctx.store.get(s.id);
    expect(Date.parse(got!.expiresAt)).toBeGreaterThan(Date.parse(s.expiresAt));
    expect(await listedExpiry(s.id)).toBe(Date.parse(got!.expiresAt));
  });

  it('touch and update refresh the TTL; touch with ttlMs sets a new TTL', async () => {
    const s = await ctx.store.create({ ttlMs: 60_000 });
    await sleep(20);
    expect(await ctx.store.touch(s.id)).toBe(true);
    const touched = await listedExpiry(s.id);
    expect(touched).toBeGreaterThan(Date.parse(s.expiresAt));
    await sleep(20);
    const u = await ctx.store.update(s.id, s.version, { state: { k: 1 } });
    expect(Date.parse(u.expiresAt)).toBeGreaterThan(touched);
    expect(await ctx.store.touch(s.id, 120_000)).toBe(true);
    const got = await ctx.store.get(s.id);
    expect(got?.ttlMs).toBe(120_000);
    expect(Date.parse(got!.expiresAt) - Date.now()).toBeGreaterThan(100_000);
  });
}

function listing(ctx: ContractContext): void {
  it('lists every live session once through cursor pages, never more than limit per page', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) created.add((await ctx.store.create({ label: `page-${i}` })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 1000; round++) {
      const page = await ctx.store.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.sessions.length).toBeLessThanOrEqual(3);
      seen.push(...page.sessions.map((s: Session) => s.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
  });

  it('does not list expired or deleted sessions', async () => {
    const short = await ctx.store.create({ ttlMs: 150 });
    const gone = await ctx.store.create({});
    const kept = await ctx.store.create({});
    await ctx.store.delete(gone.id);
    await sleep(350);
    const ids = (await ctx.store.list({ limit: 500 })).sessions.map((s) => s.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(short.id);
    expect(ids).not.toContain(gone.id);
  });
}
