import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../types.js';

// Where `npm install` puts the native addon when cargo is present (crates/engine-node).
export const DEFAULT_ADDON_PATH = fileURLToPath(new URL('../../../crates/engine-node/mca-engine.node', import.meta.url));

export type NativeLoad = { ok: true; engine: Engine } | { ok: false; reason: string };

/**
 * Loads the native engine if its addon exists and exports the engine factory. Never throws:
 * a missing or broken addon is a reason, so the caller can fall back to the WASM engine.
 */
export function loadNativeEngine(addonPath = process.env.MCA_NATIVE_ADDON ?? DEFAULT_ADDON_PATH): NativeLoad {
  if (!existsSync(addonPath)) {
    return { ok: false, reason: `native addon not found at ${addonPath} (it is built by npm install when cargo is present)` };
  }
  try {
    const addon = createRequire(import.meta.url)(addonPath) as { createEngine?: () => Engine };
    if (typeof addon.createEngine !== 'function') return { ok: false, reason: `${addonPath} does not export createEngine` };
    return { ok: true, engine: addon.createEngine() };
  } catch (error) {
    return { ok: false, reason: `native addon failed to load: ${(error as Error).message}` };
  }
}
