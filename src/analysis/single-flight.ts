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

  run(key: string, work: (signal: AbortSignal, progress: (p: P) => void) => Promise<T>, caller: { signal?: AbortSignal | undefined; onProgress?: ((p: P) => void) | undefined }): Promise<T> {
    let flight = this.flights.get(key);
    if (!flight) {
      const created: Flight<T, P> = { controller: new AbortController(), callers: 0, listeners: new Set(), promise: Promise.resolve() as Promise<T> };
      created.promise = work(created.controller.signal, (p) => created.listeners.forEach((l) => l(p))).finally(() => {
        if (this.flights.get(key) === created) this.flights.delete(key);
      });
      this.flights.set(key, created);
      flight = created;
    }
    return this.join(flight, key, caller);
  }

  private join(flight: Flight<T, P>, key: string, caller: { signal?: AbortSignal | undefined; onProgress?: ((p: P) => void) | undefined }): Promise<T> {
    const { signal, onProgress } = caller;
    flight.callers++;
    if (onProgress) flight.listeners.add(onProgress);
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        flight.callers--;
        if (onProgress) flight.listeners.delete(onProgress);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        leave();
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
        (value) => (leave(), resolve(value)),
        (error: unknown) => (leave(), reject(error)),
      );
    });
  }
}

interface Flight<T, P> {
  controller: AbortController;
  callers: number;
  listeners: Set<(p: P) => void>;
  promise: Promise<T>;
}
