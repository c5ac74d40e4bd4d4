import type { EngineProvider } from '../../src/engine/select.js';
import type { AnalyzeOptions, Engine } from '../../src/engine/types.js';

/**
 * An engine that records what it is asked: the files of each analysis (`<walk>` for a walk)
 * and of each tags call, then asks the real engine. Closing it leaves the real one open, so
 * several apps can share one.
 */
export class CountingEngine implements Engine {
  readonly kind;
  readonly version;
  analyzed: string[][] = [];
  tagged: string[][] = [];

  constructor(
    private readonly inner: Engine,
    readonly tagsBuild: string | undefined = inner.tagsBuild,
  ) {
    this.kind = inner.kind;
    this.version = inner.version;
  }

  analyze(options: AnalyzeOptions) {
    this.analyzed.push([...(options.files ?? ['<walk>'])]);
    return this.inner.analyze(options);
  }

  tags(...args: Parameters<Engine['tags']>) {
    this.tagged.push(args[0].map((f) => f.rel));
    return this.inner.tags(...args);
  }

  dependencies(...args: Parameters<Engine['dependencies']>) {
    return this.inner.dependencies(...args);
  }

  async close() {}
}

/** A provider that always gives this engine (the app's engines.close() does not close it). */
export function fixedEngine(engine: Engine): EngineProvider {
  return {
    get: async () => engine,
    availability: () => ({
      selected: engine.kind,
      native: { available: engine.kind === 'native' },
      wasm: { available: engine.kind === 'wasm' },
    }),
    close: async () => {},
  };
}
