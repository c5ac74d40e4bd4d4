import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import type { ExecutionRecord } from '../../src/envelope/execution-record.js';
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

const toggle = createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { flip: 'on' } }, on: {} } });

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

    it('keeps a running record and its XState snapshot, restorable into an actor', async () => {
      const actor = createActor(toggle).start();
      actor.send({ type: 'flip' });
      const r = runningRecord();
      await store.start(r, { owner: 'a', leaseMs: 10_000, snapshot: actor.getPersistedSnapshot() });
      expect(await store.get(r.executionId)).toEqual(r);
      const restored = createActor(toggle, { snapshot: (await store.getSnapshot(r.executionId)) as never }).start();
      expect(restored.getSnapshot().value).toBe('on');
      actor.stop();
      restored.stop();
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
