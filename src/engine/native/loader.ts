import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../config/package-root.js';
import type { Engine } from '../types.js';
import { isNativeAddon } from './addon.js';
import { NativeEngine, type NativeEngineOptions } from './native-engine.js';

// Where `npm install` puts the native addon when cargo is present (scripts/build-native.mjs).
export const DEFAULT_ADDON_PATH = join(PACKAGE_ROOT, 'crates', 'engine-node', 'mca-engine.node');

export type NativeLoad = { ok: true; engine: Engine } | { ok: false; reason: string };

/** The addon path in force: MCA_NATIVE_ADDON overrides the default. */
export function nativeAddonPath(): string {
  return process.env.MCA_NATIVE_ADDON || DEFAULT_ADDON_PATH;
}

/**
 * Loads the native engine if its addon exists and has the expected exports. Never throws:
 * a missing or broken addon is a reason, so the caller can fall back to the WASM engine.
 */
export function loadNativeEngine(addonPath = nativeAddonPath(), options: NativeEngineOptions = {}): NativeLoad {
  if (!existsSync(addonPath)) {
    return {
      ok: false,
      reason: `native addon not found at ${addonPath} (npm install builds it when cargo is present)`,
    };
  }
  try {
    const addon: unknown = createRequire(import.meta.url)(addonPath);
    if (!isNativeAddon(addon))
      return { ok: false, reason: `${addonPath} is not the mca-engine addon (missing exports)` };
    const { size, mtimeMs } = statSync(addonPath);
    return { ok: true, engine: new NativeEngine(addon, { build: `${size}:${mtimeMs}`, ...options }) };
  } catch (error) {
    return { ok: false, reason: `native addon failed to load: ${(error as Error).message}` };
  }
}
