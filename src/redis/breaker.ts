// A circuit breaker: after repeated failures (or a lost connection) calls fail fast instead
// of piling up behind a dead socket; after openMs one probe call is let through.

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe is allowed. */
  openMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;
  lastError: string | undefined;
  trips = 0;

  constructor(options: BreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 3;
    this.openMs = options.openMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'halfOpen' : 'open';
  }

  /** Whether a call may go through now; in halfOpen only one probe at a time. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  failure(reason: string): void {
    this.lastError = reason;
    this.failures += 1;
    // A failed probe re-opens at once; otherwise open after `threshold` in a row.
    if (this.probing || this.failures >= this.threshold) this.trip(reason);
  }

  /** Open now: the connection is known to be gone, no need to count failures. */
  trip(reason: string): void {
    this.lastError = reason;
    if (this.openedAt === undefined || this.probing) this.trips += 1;
    this.openedAt = this.now();
    this.probing = false;
  }
}
