import { expect, it } from 'vitest';
import { isToolError } from '../../src/envelope/errors.js';
import { HISTORY_LIMIT } from '../../src/session/types.js';
import { codeOf, makeRecord, sleep, type ContractContext } from './contract-helpers.js';

export function locking(ctx: ContractContext): void {
  it('a lock is exclusive until released, and only its holder releases it', async () => {
    const s = await ctx.store.create({});
    const first = await ctx.store.lock(s.id, { ttlMs: 10_000 });
    expect(await codeOf(ctx.store.lock(s.id, { waitMs: 50 }))).toBe('SESSION_CONFLICT');
    expect(await first.release()).toBe(true);
    expect(await first.release()).toBe(false);
    const second = await ctx.store.lock(s.id, { waitMs: 50 });
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    expect(second.token).not.toBe(first.token);
    await second.release();
  });

  it('a waiter gets the lock as soon as the holder releases it', async () => {
    const s = await ctx.store.create({});
    const held = await ctx.store.lock(s.id);
    const waiting = ctx.store.lock(s.id, { waitMs: 3000 });
    await sleep(100);
    await held.release();
    const got = await waiting;
    expect(got.fencingToken).toBeGreaterThan(held.fencingToken);
    await got.release();
  });

  it('an expired lock passes on; the stale holder is fenced off and cannot release it', async () => {
    const s = await ctx.store.create({});
    const stale = await ctx.store.lock(s.id, { ttlMs: 100 });
    await sleep(200);
    const fresh = await ctx.store.lock(s.id, { waitMs: 1000 });
    expect(fresh.fencingToken).toBeGreaterThan(stale.fencingToken);
    const v = (await ctx.store.get(s.id))!.version;
    expect(await codeOf(ctx.store.update(s.id, v, { state: { w: 'stale' }, fencingToken: stale.fencingToken }))).toBe(
      'SESSION_CONFLICT',
    );
    const ok = await ctx.store.update(s.id, v, { state: { w: 'fresh' }, fencingToken: fresh.fencingToken });
    expect(ok.state).toEqual({ w: 'fresh' });
    expect(await stale.release()).toBe(false);
    expect(await codeOf(ctx.store.lock(s.id, { waitMs: 30 }))).toBe('SESSION_CONFLICT');
    expect(await fresh.release()).toBe(true);
  });

  it('only the holder extends a lock, and a lock no longer held cannot be extended', async () => {
    const s = await ctx.store.create({});
    const stale = await ctx.store.lock(s.id, { ttlMs: 100 });
    await sleep(200);
    expect(await stale.extend(10_000)).toBe(false); // expired: renewing it now would steal it back
    const fresh = await ctx.store.lock(s.id, { ttlMs: 100, waitMs: 1000 });
    expect(await fresh.extend(10_000)).toBe(true);
    expect(await stale.extend(10_000)).toBe(false);
    await sleep(200); // past the first TTL: the extension holds it
    expect(await codeOf(ctx.store.lock(s.id, { waitMs: 30 }))).toBe('SESSION_CONFLICT');
    expect(await fresh.release()).toBe(true);
  });

  it('refuses to lock an unknown session', async () => {
    expect(await codeOf(ctx.store.lock('missing', { waitMs: 10 }))).toBe('SESSION_NOT_FOUND');
  });
}

export function history(ctx: ContractContext): void {
  it('appends history without changing the version, trimmed to the latest HISTORY_LIMIT', async () => {
    const s = await ctx.store.create({});
    const total = HISTORY_LIMIT + 50;
    for (let start = 0; start < total; start += 50) {
      await ctx.store.appendHistory(
        s.id,
        Array.from({ length: 50 }, (_, i) => makeRecord(start + i, s.id)),
      );
    }
    const got = (await ctx.store.get(s.id))!;
    expect(got.version).toBe(s.version);
    expect(got.history).toHaveLength(HISTORY_LIMIT);
    expect(got.history[0]).toEqual(makeRecord(50, s.id));
    expect(got.history.at(-1)).toEqual(makeRecord(total - 1, s.id));
  });

  it('update appends its records after the existing ones', async () => {
    const s = await ctx.store.create({});
    await ctx.store.appendHistory(s.id, [makeRecord(1)]);
    const u = await ctx.store.update(s.id, s.version, { appendHistory: [makeRecord(2), makeRecord(3)] });
    expect(u.history.map((r) => r.executionId)).toEqual(['exec-1', 'exec-2', 'exec-3']);
  });
}

export function concurrency(ctx: ContractContext): void {
  it('concurrent read-modify-write with retry on conflict never loses an update', async () => {
    const s = await ctx.store.create({});
    const workers = 8;
    const perWorker = 5;
    const worker = async (w: number) => {
      for (let n = 0; n < perWorker; n++) {
        for (let attempt = 0; ; attempt++) {
          if (attempt > 500) throw new Error('too many conflicts');
          const cur = (await ctx.store.get(s.id))!;
          const count = (cur.state['counter'] as number | undefined) ?? 0;
          try {
            await ctx.store.update(s.id, cur.version, {
              state: { counter: count + 1 },
              appendHistory: [makeRecord(w * 100 + n, s.id)],
            });
            break;
          } catch (error) {
            if (!isToolError(error) || error.code !== 'SESSION_CONFLICT') throw error;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
    const got = (await ctx.store.get(s.id))!;
    expect(got.state['counter']).toBe(workers * perWorker);
    expect(got.version).toBe(s.version + workers * perWorker);
    expect(new Set(got.history.map((r) => r.executionId)).size).toBe(workers * perWorker);
  });
}
