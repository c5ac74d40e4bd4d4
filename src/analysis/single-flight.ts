import { cancelled } from '../engine/engine-errors.js';

/**
 * Identical work already in flight is joined, not repeated: sixteen identical cold calls cost
 * one analysis. The shared work has its own abort signal, aborted only when every caller that
 * joined it has gone; a caller that cancels gets its own rejection at once while the others
 * keep waiting. Progress reaches every caller still waiting.
 */
export class SingleFlight<T, P> {
  private readonly flights = new Map<string, Flight<T, P>>();

  /** Callers waiting on the work under key (for tests and server_info). */
  waiting(key: string): number {
    return this.flights.get(key)?.callers ?? 0;
  }

  run(key: string, work: (signal: AbortSignal, progress: (p: P) => void) => Promise<T>, caller: Caller<P>): Promise<T> {
    const existing = this.flights.get(key);
    if (existing) return this.join(existing, key, caller);
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const flight: Flight<T, P> = {
      controller: new AbortController(),
      callers: 0,
      listeners: new Set(),
      promise: new Promise<T>((resolve, reject) => (settle = { resolve, reject })),
    };
    // Callers that already left have no handler on it: a failure nobody waits for is not unhandled.
    flight.promise.catch(() => undefined);
    this.flights.set(key, flight);
    // The first caller joins before the work starts, so it sees the work's first progress.
    const joined = this.join(flight, key, caller);
    const forget = () => this.flights.get(key) === flight && this.flights.delete(key);
    try {
      work(flight.controller.signal, (p) => flight.listeners.forEach((l) => l(p)))
        .then(settle.resolve, settle.reject)
        .finally(forget);
    } catch (error) {
      settle.reject(error);
      forget();
    }
    return joined;
  }

  private join(flight: Flight<T, P>, key: string, caller: Caller<P>): Promise<T> {
    const { signal, onProgress } = caller;
    flight.callers++;
    if (onProgress) flight.listeners.add(onProgress);
    return new Promise<T>((resolve, reject) => {
      // A caller leaves once: by cancelling, or when the work ends (whichever comes first).
      let left = false;
      const leave = (): boolean => {
        if (left) return false;
        left = true;
        flight.callers--;
        if (onProgress) flight.listeners.delete(onProgress);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        // The last caller gone: nobody wants the result, so the work stops and is forgotten.
        if (flight.callers === 0) {
          flight.controller.abort(signal?.reason);
          if (this.flights.get(key) === flight) this.flights.delete(key);
        }
        reject(cancelled(signal!));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => leave() && resolve(value),
        (error: unknown) => leave() && reject(error),
      );
    });
  }
}

interface Caller<P> {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: P) => void) | undefined;
}

interface Flight<T, P> {
  controller: AbortController;
  callers: number;
  listeners: Set<(p: P) => void>;
  promise: Promise<T>;
}
