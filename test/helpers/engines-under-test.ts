import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadNativeEngine } from '../../src/engine/native/loader.js';
import type { EngineProvider } from '../../src/engine/select.js';
import type { AnalyzeOptions, Engine } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';

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

/** Both engines, for describe.each: the WASM engine on this thread and the native one (which must be built). */
export function bothEngines(): [string, () => Engine][] {
  const native = loadNativeEngine();
  if (!native.ok) throw new Error(`the native engine must be built for these tests: ${native.reason}`);
  return [
    ['wasm', () => new WasmEngine({ threads: 0 })],
    ['native', () => native.engine],
  ];
}

/** A new temporary directory holding these files (path → text); the caller removes it. */
export function writeTree(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
