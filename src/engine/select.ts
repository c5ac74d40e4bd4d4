import { ToolError } from '../envelope/errors.js';
import type { Engine, EngineKind } from './types.js';
import { loadNativeEngine, nativeAddonPath } from './native/loader.js';

/** Threads of an engine that works in the background (shadow runs). */
const BACKGROUND_THREADS = 1;

export type EngineMode = 'auto' | 'native' | 'wasm';

export interface EngineAvailability {
  selected: EngineKind;
  native: { available: boolean; reason?: string };
  wasm: { available: boolean; reason?: string };
}

export interface EngineProvider {
  /** The engine new analyses use (the runtime preference, when one is given). */
  get(): Promise<Engine>;
  availability(): EngineAvailability;
  /**
   * An engine of this kind for background work (shadow runs), apart from those that answer
   * calls: one thread, made or loaded on first use, so its work leaves the other cores to the
   * calls. Undefined when that kind cannot run here. Optional: a provider of one engine has none.
   */
  engine?(kind: EngineKind): Promise<Engine | undefined>;
  close(): Promise<void>;
}

export interface EngineSelectOptions {
  mode: EngineMode;
  /** A WASM engine; `threads` is given for a background engine (else the configured count). */
  createWasm: (threads?: number) => Engine;
  loadNative?: typeof loadNativeEngine;
  /**
   * Called once when auto mode falls back (the one clear warning on stderr), and once per runtime preference that
   * cannot be met.
   */
  warn?: (message: string) => void;
  /** The engine new analyses should use, read at every analysis (flag engine.preferred); default: mode. */
  preferred?: () => EngineMode;
}

/**
 * Picks the engine at start as --engine says: native when it loads (auto, native), else WASM;
 * with --engine native a missing addon is an error, not a silent fallback. At run time the
 * preference may change (flag engine.preferred): each new analysis asks which engine to use.
 * The other engine is made only when something asks for it (a preference, a shadow run), so
 * --engine wasm loads no addon and auto with the addon starts no WASM workers.
 */
export function selectEngine(options: EngineSelectOptions): EngineProvider {
  const loadNative = options.loadNative ?? loadNativeEngine;
  const warn = options.warn ?? (() => undefined);
  let native: Engine | undefined;
  let nativeReason: string | undefined = options.mode === 'wasm' ? 'not requested (--engine wasm)' : undefined;
  let nativeTried = false;
  const tryNative = (): Engine | undefined => {
    if (nativeTried) return native;
    nativeTried = true;
    const load = loadNative();
    if (load.ok) native = load.engine;
    else nativeReason = load.reason;
    return native;
  };
  let wasm: Engine | undefined;
  const wasmEngine = (): Engine => (wasm ??= options.createWasm());
  const background: Partial<Record<EngineKind, Engine>> = {};
  const backgroundEngine = (kind: EngineKind): Engine | undefined => {
    if (kind === 'wasm') return (background.wasm ??= options.createWasm(BACKGROUND_THREADS));
    // The addon is loaded once more with its own thread pool, unless it is known not to load.
    if (!background.native && (!nativeTried || native)) {
      const load = loadNative(nativeAddonPath(), { threads: BACKGROUND_THREADS });
      if (load.ok) background.native = load.engine;
      else if (!native) {
        nativeTried = true;
        nativeReason = load.reason;
      }
    }
    return background.native;
  };

  if (options.mode !== 'wasm' && !tryNative()) {
    if (options.mode === 'native') throw new ToolError('ENGINE_UNAVAILABLE', `--engine native: ${nativeReason}`);
    warn(`native engine unavailable, using the WASM engine: ${nativeReason}`);
  }
  const preferred = options.preferred ?? (() => options.mode);
  let warnedPreference = false;
  const current = (): Engine => {
    const mode = preferred();
    if (mode === 'wasm') return wasmEngine();
    if (tryNative()) return native!;
    if (mode === 'native' && !warnedPreference) {
      warnedPreference = true;
      warn(`engine.preferred is native, but the native engine is unavailable (${nativeReason}): using the WASM engine`);
    }
    return wasmEngine();
  };
  return {
    get: async () => current(),
    availability: () => ({
      selected: current().kind,
      native:
        native || background.native ? { available: true } : { available: false, reason: nativeReason ?? 'not loaded' },
      wasm: { available: true },
    }),
    engine: async (kind) => backgroundEngine(kind),
    close: async () => {
      await Promise.all([native?.close(), wasm?.close(), background.native?.close(), background.wasm?.close()]);
    },
  };
}
