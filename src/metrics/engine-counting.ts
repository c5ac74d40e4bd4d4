import type { Counter } from 'prom-client';
import type { EngineProvider } from '../engine/select.js';
import type { AnalyzeOptions, AnalyzeResult, Engine } from '../engine/types.js';

/**
 * An engine provider whose engines count the files they analysed into
 * mca_engine_files_total{engine, language}: files the engine parsed, not those a cache tier
 * answered (those are mca_cache_requests_total). Wrapped once at the composition root.
 */
export function countingEngines(provider: EngineProvider, files: Counter<'engine' | 'language'>): EngineProvider {
  // One wrapper per engine, kept: the tiers recognise an engine by identity (file-tiers.ts).
  const wrapped = new WeakMap<Engine, Engine>();
  const get = async (): Promise<Engine> => {
    const engine = await provider.get();
    let counted = wrapped.get(engine);
    if (!counted) wrapped.set(engine, (counted = countingEngine(engine, files)));
    return counted;
  };
  // Everything but get() goes to the provider as it is (availability, close, and whatever a
  // provider offers besides), so this wrapper need not follow the interface as it grows.
  return new Proxy(provider, {
    get(target, property) {
      if (property === 'get') return get;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function countingEngine(engine: Engine, files: Counter<'engine' | 'language'>): Engine {
  return {
    get kind() {
      return engine.kind;
    },
    get version() {
      return engine.version;
    },
    async analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
      const result = await engine.analyze(options);
      const perLanguage = new Map<string, number>();
      for (const f of result.files) perLanguage.set(f.language, (perLanguage.get(f.language) ?? 0) + 1);
      for (const [language, n] of perLanguage) files.inc({ engine: engine.kind, language }, n);
      return result;
    },
    dependencies: (result, root, options) => engine.dependencies(result, root, options),
    tags: (files, options) => engine.tags(files, options),
    close: () => engine.close(),
  };
}
