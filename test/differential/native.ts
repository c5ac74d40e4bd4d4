import { loadNativeEngine, nativeAddonPath } from '../../src/engine/native/loader.js';
import { NativeEngine } from '../../src/engine/native/native-engine.js';

/**
 * The native engine for cross-engine tests. A missing addon fails the test that asks for
 * it, loudly: these tests exist to prove the two engines agree, so they never skip.
 */
export function requireNativeEngine(): NativeEngine {
  const load = loadNativeEngine(nativeAddonPath(), { threads: 2 });
  if (!load.ok)
    throw new Error(`native engine required: ${load.reason}; build it with \`node scripts/build-native.mjs\``);
  return load.engine as NativeEngine;
}
