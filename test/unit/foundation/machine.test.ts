import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolError } from '../../../src/envelope/errors.js';
import { Execution } from '../../../src/execution/machine.js';

// The execution machine with its validation and work injected, under fake timers: every transition.

type Work = (args: unknown, signal: AbortSignal, attempt: number) => Promise<unknown>;

function run(work: Work, options: { timeoutMs?: number; maxRetries?: number; valid?: boolean } = {}) {
  return new Execution(
    {
      args: { x: 1 },
      deadline: Date.now() + (options.timeoutMs ?? 10_000),
      maxRetries: options.maxRetries ?? 2,
      backoffBaseMs: 100,
    },
    {
      validate: () =>
        options.valid === false
          ? { ok: false, error: new ToolError('INVALID_ARGUMENT', 'bad') }
          : { ok: true, args: { x: 1 } },
      work: (args, controller, attempt) => work(args, controller.signal, attempt),
    },
  ).start();
}

const states = (execution: Execution) => execution.context.transitions.map((t) => t.state);

describe('execution machine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('validating → running → succeeded', async () => {
    const execution = run(async (args) => ({ echoed: args }));
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('succeeded');
    expect(execution.context.output).toEqual({ echoed: { x: 1 } });
    expect(states(execution)).toEqual(['validating', 'running', 'succeeded']);
  });

  it('validating → failed on invalid arguments, without running', async () => {
    const work = vi.fn(async () => 1);
    const execution = run(work, { valid: false });
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('failed');
    expect(execution.context.error?.code).toBe('INVALID_ARGUMENT');
    expect(work).not.toHaveBeenCalled();
  });

  it('running → failed on a non-retryable error, after one attempt', async () => {
    const execution = run(async () => {
      throw new ToolError('PATH_NOT_FOUND', 'nope');
    });
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('failed');
    expect(execution.context.attempts).toBe(1);
  });

  it('retries a retryable error with backoff, then succeeds', async () => {
    let calls = 0;
    const execution = run(async () => {
      calls++;
      if (calls < 3) throw new ToolError('SESSION_CONFLICT', 'busy');
      return 'ok';
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(execution.state).toBe('retrying');
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toBe(1); // backoff of 100 ms not over yet
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(200); // second backoff doubles
    expect(execution.state).toBe('succeeded');
    expect(execution.context.attempts).toBe(3);
    expect(states(execution)).toEqual([
      'validating',
      'running',
      'retrying',
      'running',
      'retrying',
      'running',
      'succeeded',
    ]);
  });

  it('gives up after maxRetries and keeps the last error', async () => {
    const execution = run(
      async () => {
        throw new ToolError('STORE_UNAVAILABLE', 'down');
      },
      { maxRetries: 1 },
    );
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('failed');
    expect(execution.context.attempts).toBe(2);
    expect(execution.context.error?.code).toBe('STORE_UNAVAILABLE');
  });

  it('times out at the absolute deadline and aborts the work', async () => {
    let aborted = false;
    const execution = run(
      (_args, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
      { timeoutMs: 500 },
    );
    await vi.advanceTimersByTimeAsync(499);
    expect(execution.state).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(execution.state).toBe('timedOut');
    expect(execution.context.error?.code).toBe('TIMEOUT');
    expect(aborted).toBe(true);
  });

  it('times out during a backoff that would pass the deadline', async () => {
    const execution = run(
      async () => {
        throw new ToolError('SESSION_CONFLICT', 'busy');
      },
      { timeoutMs: 150, maxRetries: 5 },
    );
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('timedOut');
  });

  it('cancels on execution.cancel and aborts the work', async () => {
    let aborted = false;
    const execution = run(
      (_args, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))),
    );
    await vi.advanceTimersByTimeAsync(10);
    execution.cancel('client said so');
    expect(execution.state).toBe('cancelled');
    expect(execution.context.error).toMatchObject({ code: 'CANCELLED', message: 'client said so' });
    expect(aborted).toBe(true);
  });

  it('ignores a cancel after the end', async () => {
    const execution = run(async () => 'done');
    await vi.runAllTimersAsync();
    execution.cancel();
    expect(execution.state).toBe('succeeded');
  });

  it('persists as plain JSON with its absolute deadline', async () => {
    const execution = run(() => new Promise(() => undefined), { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(10);
    const persisted = execution.persisted();
    expect(persisted.state).toBe('running');
    expect(persisted.context.deadline).toBe(Date.now() + 990);
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
  });

  it('ignores the late result of an attempt abandoned at the deadline', async () => {
    let finish: (value: unknown) => void = () => undefined;
    const execution = run(() => new Promise((resolve) => (finish = resolve)), { timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect(execution.state).toBe('timedOut');
    finish('too late');
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('timedOut');
    expect(execution.context.output).toBeUndefined();
    expect(states(execution)).toEqual(['validating', 'running', 'timedOut']);
  });

  it('treats work that throws before its promise like a failed attempt', async () => {
    const execution = run(() => {
      throw new ToolError('PATH_NOT_FOUND', 'thrown at once');
    });
    await vi.runAllTimersAsync();
    expect(execution.state).toBe('failed');
    expect(execution.context.error?.message).toBe('thrown at once');
  });
});
