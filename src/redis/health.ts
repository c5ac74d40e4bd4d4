import type { BreakerState, CircuitBreaker } from './breaker.js';
import type { RedisNode } from './connection.js';

export interface RedisHealth {
  mode: 'standalone' | 'cluster';
  /** up: PING answers; down: the circuit is open; degraded: probing after an outage. */
  status: 'up' | 'down' | 'degraded';
  breaker: BreakerState;
  latencyMs?: number;
  lastPingAt?: string;
  lastError?: string;
  trips: number;
}

interface NodeSource {
  rawNodes(): Promise<RedisNode[]>;
}

/**
 * Periodic PING of every master. It bypasses the breaker on purpose: it is the probe that
 * closes the circuit again as soon as Redis answers, so recovery needs no client traffic.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private latencyMs: number | undefined;
  private lastPingAt: number | undefined;

  constructor(
    private readonly source: NodeSource,
    private readonly breaker: CircuitBreaker,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.ping(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async ping(): Promise<boolean> {
    if (this.inFlight) return false;
    this.inFlight = true;
    const started = performance.now();
    try {
      const nodes = await this.source.rawNodes();
      await Promise.all(nodes.map((n) => n.call(['PING'])));
      this.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      this.lastPingAt = Date.now();
      this.breaker.success();
      return true;
    } catch (error) {
      this.breaker.failure(error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      this.inFlight = false;
    }
  }

  snapshot(mode: 'standalone' | 'cluster'): RedisHealth {
    const breaker = this.breaker.state;
    const status = breaker === 'closed' ? 'up' : breaker === 'open' ? 'down' : 'degraded';
    return {
      mode,
      status,
      breaker,
      ...(this.latencyMs !== undefined ? { latencyMs: this.latencyMs } : {}),
      ...(this.lastPingAt !== undefined ? { lastPingAt: new Date(this.lastPingAt).toISOString() } : {}),
      ...(this.breaker.lastError ? { lastError: this.breaker.lastError } : {}),
      trips: this.breaker.trips,
    };
  }
}
