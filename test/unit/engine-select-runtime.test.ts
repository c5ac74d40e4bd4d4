import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNativeEngine } from '../../src/engine/native/loader.js';
import { selectEngine, type EngineMode } from '../../src/engine/select.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';

// The engine of new analyses follows the runtime preference (flag engine.preferred); the
// other engine is made only when something asks for it.
const createWasm = () => new WasmEngine({ threads: 0 });

describe('engine selection at run time', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('each analysis gets the preferred engine; the WASM engine is made on first use only', async () => {
    let preferred: EngineMode = 'auto';
    const made = vi.fn(createWasm);
    const provider = selectEngine({ mode: 'auto', createWasm: made, preferred: () => preferred });
    try {
      expect((await provider.get()).kind).toBe('native');
      expect(made).not.toHaveBeenCalled();
      preferred = 'wasm';
      expect((await provider.get()).kind).toBe('wasm');
      expect(provider.availability().selected).toBe('wasm');
      preferred = 'native';
      expect((await provider.get()).kind).toBe('native');
      expect(made).toHaveBeenCalledTimes(1);
    } finally {
      await provider.close();
    }
  });

  it('--engine wasm loads no addon until a preference or a shadow run asks for the native engine', async () => {
    let preferred: EngineMode = 'wasm';
    const loadNative = vi.fn(() => loadNativeEngine());
    const provider = selectEngine({ mode: 'wasm', createWasm, loadNative, preferred: () => preferred });
    try {
      expect((await provider.get()).kind).toBe('wasm');
      expect(loadNative).not.toHaveBeenCalled();
      expect((await provider.engine!('native'))?.kind).toBe('native');
      expect(provider.availability().native).toEqual({ available: true });
      preferred = 'native';
      expect((await provider.get()).kind).toBe('native');
      expect(loadNative).toHaveBeenCalledTimes(2); // the shadow runs' own engine, then the one answering
    } finally {
      await provider.close();
    }
  });

  it('a preference for a native engine that cannot load falls back to WASM with one warning', async () => {
    vi.stubEnv('MCA_NATIVE_ADDON', '/nonexistent/mca-engine.node');
    const warn = vi.fn();
    const provider = selectEngine({ mode: 'wasm', createWasm, warn, preferred: () => 'native' });
    try {
      expect((await provider.get()).kind).toBe('wasm');
      expect((await provider.get()).kind).toBe('wasm');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(
        /engine\.preferred is native, but the native engine is unavailable \(native addon not found/,
      );
      expect(await provider.engine!('native')).toBeUndefined();
      expect(provider.availability().native).toMatchObject({
        available: false,
        reason: expect.stringMatching(/not found at \/nonexistent/),
      });
    } finally {
      await provider.close();
    }
  });
});
