import { ToolError } from '../envelope/errors.js';
import type { Engine, EngineKind } from './types.js';
import { loadNativeEngine } from './native/loader.js';

export type EngineMode = 'auto' | 'native' | 'wasm';

export interface EngineAvailability {
  selected: EngineKind;
  native: { available: boolean; reason?: string };
  wasm: { available: boolean; reason?: string };
}

export interface EngineProvider {
  get(): Promise<Engine>;
  availability(): EngineAvailability;
  close(): Promise<void>;
}

export interface EngineSelectOptions {
  mode: EngineMode;
  createWasm: () => Engine;
  loadNative?: typeof loadNativeEngine;
  /** Called once when auto mode falls back (the one clear warning on stderr). */
  warn?: (message: string) => void;
}

/**
 * Picks the engine once, at start: native when it loads (auto, native), else WASM. With
 * --engine native a missing addon is an error, not a silent fallback.
 */
export function selectEngine(options: EngineSelectOptions): EngineProvider {
  const native = options.mode === 'wasm' ? undefined : (options.loadNative ?? loadNativeEngine)();
  let engine: Engine;
  let nativeInfo: EngineAvailability['native'];
  if (native?.ok) {
    engine = native.engine;
    nativeInfo = { available: true };
  } else {
    const reason = native ? native.reason : 'not requested (--engine wasm)';
    if (options.mode === 'native') {
      throw new ToolError('ENGINE_UNAVAILABLE', `--engine native: ${reason}`);
    }
    if (options.mode === 'auto') options.warn?.(`native engine unavailable, using the WASM engine: ${reason}`);
    engine = options.createWasm();
    nativeInfo = { available: false, reason };
  }
  const availability: EngineAvailability = { selected: engine.kind, native: nativeInfo, wasm: { available: true } };
  return {
    get: async () => engine,
    availability: () => availability,
    close: () => engine.close(),
  };
}
