import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../src/envelope/execution-record.js';
import { Execution } from '../../src/execution/machine.js';
import { keepLeaseAlive, type ExecutionRecordStore } from '../../src/session/execution-record-store.js';
import { sleep } from './contract-helpers.js';

// One suite for every ExecutionRecordStore: leases are real ms, sweeps are explicit calls.

let seq = 0;
export function runningRecord(): ExecutionRecord {
  const at = new Date().toISOString();
  return {
    executionId: `x-${process.pid}-${Date.now()}-${seq++}`,
    tool: 'analyze_project',
    argsHash: 'h',
    state: 'running',
    transitions: [
      { state: 'validating', at },
      { state: 'running', at },
    ],
    attempts: 1,
    startedAt: at,
  };
}

export function executionRecordStoreContract(name: string, make: () => Promise<ExecutionRecordStore[]>): void {
  describe(`ExecutionRecordStore contract: ${name}`, () => {
    let stores: ExecutionRecordStore[] = [];
    let store: ExecutionRecordStore;
    beforeEach(async () => {
      stores = await make();
      store = stores[0]!;
    });
    afterEach(async () => {
      for (const s of stores) await s.close();
    });

    it("keeps a running record and its execution's persisted form", async () => {
      const execution = new Execution(
        { args: { path: 'src' }, deadline: Date.now() + 60_000, maxRetries: 2, backoffBaseMs: 50 },
        { validate: () => ({ ok: true, args: { path: 'src' } }), work: () => new Promise(() => undefined) },
      ).start();
      const r = runningRecord();
      await store.start(r, { owner: 'a', leaseMs: 10_000, snapshot: execution.persisted() });
      expect(await store.get(r.executionId)).toEqual(r);
      const stored = (await store.getSnapshot(r.executionId)) as ReturnType<Execution['persisted']>;
      expect(stored).toEqual(execution.persisted());
      expect(stored.state).toBe('running');
      execution.cancel('test over');
    });

    it('finish stores the final record, drops the snapshot, and the sweeper leaves it alone', async () => {
      const r = runningRecord();
      await store.start(r, { owner: 'a', leaseMs: 100, snapshot: { s: 1 } });
      const done: ExecutionRecord = { ...r, state: 'succeeded', endedAt: new Date().toISOString(), durationMs: 5 };
      expect(await store.finish(done)).toBe(true);
      await sleep(200);
      expect(await store.sweep()).toEqual([]);
      expect(await store.get(r.executionId)).toEqual(done);
      expect(await store.getSnapshot(r.executionId)).toBeUndefined();
    });

    it('closes an execution whose lease expired as failed (instance lost), once', async () => {
      const r = runningRecord();
      await store.start(r, { owner: 'dead', leaseMs: 100, snapshot: { s: 1 } });
      await sleep(250);
      const closed = (await Promise.all(stores.map((s) => s.sweep())))
        .flat()
        .filter((c) => c.executionId === r.executionId);
      expect(closed).toHaveLength(1);
      const got = (await store.get(r.executionId))!;
      expect(got).toMatchObject({ state: 'failed', outcome: { code: 'INTERNAL' } });
      expect(got.outcome?.message).toMatch(/instance lost/);
      expect(got.transitions.at(-1)?.state).toBe('failed');
      expect(got.endedAt).toBeDefined();
      expect(await store.getSnapshot(r.executionId)).toBeUndefined();
      expect(await store.heartbeat(r.executionId, { owner: 'dead', leaseMs: 100 })).toBe(false);
      expect(await store.finish({ ...r, state: 'succeeded' })).toBe(false);
      expect((await store.sweep()).map((c) => c.executionId)).not.toContain(r.executionId);
    });

    it('a renewed lease keeps the execution open; once renewal stops it is closed', async () => {
      const r = runningRecord();
      await store.start(r, { owner: 'a', leaseMs: 150 });
      const keeper = keepLeaseAlive(store, r.executionId, { owner: 'a', leaseMs: 150 });
      await sleep(450);
      expect((await store.sweep()).map((c) => c.executionId)).not.toContain(r.executionId);
      expect((await store.get(r.executionId))?.state).toBe('running');
      keeper.stop();
      await sleep(300);
      expect((await store.sweep()).map((c) => c.executionId)).toContain(r.executionId);
    });

    it('heartbeat saves a newer snapshot and record', async () => {
      const r = runningRecord();
      await store.start(r, { owner: 'a', leaseMs: 5000, snapshot: { step: 1 } });
      const next = { ...r, attempts: 2 };
      expect(
        await store.heartbeat(r.executionId, { owner: 'a', leaseMs: 5000, snapshot: { step: 2 }, record: next }),
      ).toBe(true);
      expect(await store.getSnapshot(r.executionId)).toEqual({ step: 2 });
      expect((await store.get(r.executionId))?.attempts).toBe(2);
      expect(await store.get('unknown-execution')).toBeUndefined();
    });
  });
}
