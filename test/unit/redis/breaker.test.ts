import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/redis/breaker.js';

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one probe through after openMs, closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 2, openMs: 100, now: () => now });
    b.failure('x');
    expect(b.state).toBe('closed');
    b.failure('y');
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    now = 100;
    expect(b.state).toBe('halfOpen');
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.trips).toBe(1);
  });

  it('a failed probe re-opens at once', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 5, openMs: 100, now: () => now });
    b.trip('socket closed');
    now = 150;
    expect(b.allow()).toBe(true);
    b.failure('still down');
    expect(b.state).toBe('open');
    expect(b.lastError).toBe('still down');
  });
});
