import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { ToolError } from '../../../src/envelope/errors.js';
import { executionMachine, validateWith, type WorkInput } from '../../../src/execution/machine.js';

// The machine with its validation and actors swapped by .provide(), under fake timers: every transition.

type Work = (input: WorkInput, signal: AbortSignal) => Promise<unknown>;

function run(work: Work, options: { timeoutMs?: number; maxRetries?: number; valid?: boolean } = {}) {
  const machine = executionMachine.provide({
    actions: {
      validate: validateWith(() =>
        options.valid === false
          ? { ok: false, error: new ToolError('INVALID_ARGUMENT', 'bad') }
          : { ok: true, args: { x: 1 } },
      ),
    },
    actors: {
      work: fromPromise<unknown, WorkInput>(({ input, signal }) => work(input, signal)),
    },
  });
  const actor = createActor(machine, {
    input: {
      callId: 'c1',
      args: { x: 1 },
      deadline: Date.now() + (options.timeoutMs ?? 10_000),
      maxRetries: options.maxRetries ?? 2,
      backoffBaseMs: 100,
    },
  });
  actor.start();
  return actor;
}

const states = (actor: ReturnType<typeof run>) => actor.getSnapshot().context.transitions.map((t) => t.state);

describe('execution machine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('validating → running → succeeded', async () => {
    const actor = run(async (input) => ({ echoed: input.args }));
    await vi.runAllTimersAsync();
    expect(actor.getSnapshot().value).toBe('succeeded');
    expect(actor.getSnapshot().context.output).toEqual({ echoed: { x: 1 } });
    expect(states(actor)).toEqual(['validating', 'running', 'succeeded']);
  });

  it('validating → failed on invalid arguments, without running', async () => {
    const work = vi.fn(async () => 1);
    const actor = run(work, { valid: false });
    await vi.runAllTimersAsync();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.error?.code).toBe('INVALID_ARGUMENT');
    expect(work).not.toHaveBeenCalled();
  });

  it('running → failed on a non-retryable error, after one attempt', async () => {
    const actor = run(async () => {
      throw new ToolError('PATH_NOT_FOUND', 'nope');
    });
    await vi.runAllTimersAsync();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.attempts).toBe(1);
  });

  it('retries a retryable error with backoff, then succeeds', async () => {
    let calls = 0;
    const actor = run(async () => {
      calls++;
      if (calls < 3) throw new ToolError('SESSION_CONFLICT', 'busy');
      return 'ok';
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('retrying');
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toBe(1); // backoff of 100 ms not over yet
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(200); // second backoff doubles
    expect(actor.getSnapshot().value).toBe('succeeded');
    expect(actor.getSnapshot().context.attempts).toBe(3);
    expect(states(actor)).toEqual(['validating', 'running', 'retrying', 'running', 'retrying', 'running', 'succeeded']);
  });

  it('gives up after maxRetries and keeps the last error', async () => {
    const actor = run(
      async () => {
        throw new ToolError('STORE_UNAVAILABLE', 'down');
      },
      { maxRetries: 1 },
    );
    await vi.runAllTimersAsync();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.attempts).toBe(2);
    expect(actor.getSnapshot().context.error?.code).toBe('STORE_UNAVAILABLE');
  });

  it('times out at the absolute deadline and aborts the work', async () => {
    let aborted = false;
    const actor = run(
      (_input, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
      { timeoutMs: 500 },
    );
    await vi.advanceTimersByTimeAsync(499);
    expect(actor.getSnapshot().value).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).toBe('timedOut');
    expect(actor.getSnapshot().context.error?.code).toBe('TIMEOUT');
    expect(aborted).toBe(true);
  });

  it('times out during a backoff that would pass the deadline', async () => {
    const actor = run(
      async () => {
        throw new ToolError('SESSION_CONFLICT', 'busy');
      },
      { timeoutMs: 150, maxRetries: 5 },
    );
    await vi.runAllTimersAsync();
    expect(actor.getSnapshot().value).toBe('timedOut');
  });

  it('cancels on execution.cancel and aborts the work', async () => {
    let aborted = false;
    const actor = run((_input, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))));
    await vi.advanceTimersByTimeAsync(10);
    actor.send({ type: 'execution.cancel', reason: 'client said so' });
    expect(actor.getSnapshot().value).toBe('cancelled');
    expect(actor.getSnapshot().context.error).toMatchObject({ code: 'CANCELLED', message: 'client said so' });
    expect(aborted).toBe(true);
  });

  it('ignores a cancel after the end', async () => {
    const actor = run(async () => 'done');
    await vi.runAllTimersAsync();
    actor.send({ type: 'execution.cancel' });
    expect(actor.getSnapshot().value).toBe('succeeded');
  });

  it('persists and restores a snapshot with its absolute deadline', async () => {
    const actor = run(() => new Promise(() => undefined), { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(10);
    const persisted = actor.getPersistedSnapshot() as unknown as { context: { deadline: number } };
    expect(persisted.context.deadline).toBe(Date.now() + 990);
  });
});
