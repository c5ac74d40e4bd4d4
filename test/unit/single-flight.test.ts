import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/analysis/single-flight.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe('single flight', () => {
  it('runs identical work once, sends progress to every caller, and lets one caller cancel alone', async () => {
    const flights = new SingleFlight<string, number>();
    const gate = deferred<string>();
    let runs = 0;
    let workSignal: AbortSignal | undefined;
    const work = (signal: AbortSignal, progress: (p: number) => void) => {
      runs++;
      workSignal = signal;
      progress(1);
      return gate.promise;
    };
    const seen: number[][] = [[], []];
    const leaving = new AbortController();
    const a = flights.run('k', work, { signal: leaving.signal, onProgress: (p) => seen[0]!.push(p) });
    const b = flights.run('k', work, { onProgress: (p) => seen[1]!.push(p) });
    expect(flights.waiting('k')).toBe(2);
    leaving.abort();
    await expect(a).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(flights.waiting('k')).toBe(1);
    expect(workSignal!.aborted).toBe(false);
    gate.resolve('done');
    await expect(b).resolves.toBe('done');
    expect(runs).toBe(1);
    expect(seen).toEqual([[1], []]); // b joined after the work had reported
    expect(flights.waiting('k')).toBe(0);
  });

  it('stops the work when every caller has gone, and starts afresh after', async () => {
    const flights = new SingleFlight<string, never>();
    const signals: AbortSignal[] = [];
    const work = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<string>(() => undefined);
    };
    const x = new AbortController();
    const y = new AbortController();
    const first = flights.run('k', work, { signal: x.signal });
    const second = flights.run('k', work, { signal: y.signal });
    x.abort();
    y.abort();
    await expect(Promise.allSettled([first, second])).resolves.toMatchObject([
      { status: 'rejected' },
      { status: 'rejected' },
    ]);
    expect(signals[0]!.aborted).toBe(true);
    void flights.run('k', work, {});
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(false);
  });

  it('does not leave a failure unhandled when its only caller had already cancelled', async () => {
    const flights = new SingleFlight<string, never>();
    const gone = AbortSignal.abort();
    let stop!: () => void;
    const work = (signal: AbortSignal) => new Promise<string>((_, reject) => (stop = () => reject(signal.reason)));
    await expect(flights.run('k', work, { signal: gone })).rejects.toMatchObject({ code: 'CANCELLED' });
    stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flights.waiting('k')).toBe(0);
  });

  it('gives every caller the failure of the shared work, then forgets it', async () => {
    const flights = new SingleFlight<string, never>();
    const gate = deferred<string>();
    const work = () => gate.promise;
    const both = [flights.run('k', work, {}), flights.run('k', work, {})];
    gate.reject(new Error('boom'));
    for (const p of both) await expect(p).rejects.toThrow('boom');
    expect(flights.waiting('k')).toBe(0);
  });
});
