// Feature detection: each capability of this instance, whether it is available and, when not,
// why — what server_info.features.capabilities shows. A component reports its own (a probe
// read at every server_info), so a capability built later registers itself where it is wired.

export interface Capability {
  available: boolean;
  /** Why not (or what limits it), in a sentence an operator can act on. */
  reason?: string;
}

export type CapabilityProbe = () => Capability;

export class Capabilities {
  private readonly probes = new Map<string, CapabilityProbe>();

  /** Adds a capability, or replaces its probe (a component built later than the default). */
  set(name: string, probe: CapabilityProbe): this {
    this.probes.set(name, probe);
    return this;
  }

  report(): Record<string, Capability> {
    const out: Record<string, Capability> = {};
    for (const [name, probe] of this.probes) {
      try {
        out[name] = probe();
      } catch (error) {
        out[name] = {
          available: false,
          reason: `probe failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    return out;
  }
}

export const available: Capability = { available: true };

export function unavailable(reason: string): Capability {
  return { available: false, reason };
}

/** What this instance's default capabilities are read from (plain facts: no component is imported here). */
export interface InstanceFacts {
  engines(): { native: Capability; wasm: Capability };
  store: 'memory' | 'redis';
  redisCluster: boolean;
  /** The Redis connection's health, with --store redis. */
  redis?: () => { status: 'up' | 'down' | 'degraded'; lastError?: string };
  flagSource(): { source: 'redis' | 'file' | 'none'; where?: string; error?: string };
}

/**
 * The capabilities every instance reports. Metrics say unavailable until the metrics endpoint
 * registers its own probe where it is wired; so does batch (src/server/app.ts).
 */
export function instanceCapabilities(facts: InstanceFacts): Capabilities {
  const redis = (): Capability => {
    if (!facts.redis) return unavailable('not configured: --store memory (give --store redis and --redis-url)');
    const health = facts.redis();
    return health.status === 'up'
      ? available
      : unavailable(`Redis is ${health.status}${health.lastError ? `: ${health.lastError}` : ''}`);
  };
  const otherEngineFor = (kind: 'native' | 'wasm'): Capability => facts.engines()[kind];
  return new Capabilities()
    .set('nativeEngine', () => facts.engines().native)
    .set('wasmEngine', () => facts.engines().wasm)
    .set('redis', redis)
    .set('redisCluster', () =>
      !facts.redisCluster ? unavailable('not configured (--redis-cluster with --store redis)') : redis(),
    )
    .set('fleet', () => {
      // Shared transport sessions, cross-instance cancellation, resumable streams and the registry.
      if (facts.store !== 'redis')
        return unavailable(
          '--store memory: this instance serves alone (transport sessions, streams and the registry are local)',
        );
      return redis();
    })
    .set('metrics', () => unavailable('no metrics endpoint in this build'))
    .set('shadow', () => {
      const native = otherEngineFor('native');
      const wasm = otherEngineFor('wasm');
      if (!native.available) return unavailable(`needs both engines; native: ${native.reason ?? 'unavailable'}`);
      if (!wasm.available) return unavailable(`needs both engines; wasm: ${wasm.reason ?? 'unavailable'}`);
      return available;
    })
    .set('flags', () => {
      const s = facts.flagSource();
      if (s.source === 'none')
        return unavailable('no flag source: flags keep their defaults (give --flags-file FILE, or --store redis)');
      return s.error ? { available: true, reason: `last read failed (values in force kept): ${s.error}` } : available;
    });
}
