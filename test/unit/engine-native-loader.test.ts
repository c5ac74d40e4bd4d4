import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToolError } from '../../src/envelope/errors.js';
import { DEFAULT_ADDON_PATH, loadNativeEngine, nativeAddonPath } from '../../src/engine/native/loader.js';
import { selectEngine } from '../../src/engine/select.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';

// The fallback: with the addon path pointing at a missing file the WASM engine runs, one
// warning says why, and server_info's availability carries the reason. The real addon
// (built by npm install) is picked by default.
const createWasm = () => new WasmEngine({ threads: 0 });

describe('native engine loader', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('MCA_NATIVE_ADDON=/nonexistent: auto falls back to WASM with one warning and the reason', async () => {
    vi.stubEnv('MCA_NATIVE_ADDON', '/nonexistent/mca-engine.node');
    expect(nativeAddonPath()).toBe('/nonexistent/mca-engine.node');
    const warn = vi.fn();
    const provider = selectEngine({ mode: 'auto', createWasm, warn });
    const availability = provider.availability();
    expect(availability.selected).toBe('wasm');
    expect(availability.native.available).toBe(false);
    expect(availability.native.reason).toMatch(/not found at \/nonexistent\/mca-engine\.node/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/using the WASM engine: native addon not found/);
    expect((await provider.get()).kind).toBe('wasm');
    await provider.close();
  });

  it('--engine native with a missing addon fails clearly', () => {
    vi.stubEnv('MCA_NATIVE_ADDON', '/nonexistent/mca-engine.node');
    let error: unknown;
    try {
      selectEngine({ mode: 'native', createWasm });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe('ENGINE_UNAVAILABLE');
    expect((error as ToolError).message).toMatch(/--engine native: native addon not found/);
  });

  it('a file that is not a loadable addon is a reason, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mca-addon-'));
    try {
      const bogus = join(dir, 'mca-engine.node');
      writeFileSync(bogus, 'not a shared object');
      const load = loadNativeEngine(bogus);
      expect(load.ok).toBe(false);
      if (!load.ok) expect(load.reason).toMatch(/native addon failed to load/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the addon built by npm install loads and auto picks it', async () => {
    vi.stubEnv('MCA_NATIVE_ADDON', '');
    expect(nativeAddonPath()).toBe(DEFAULT_ADDON_PATH);
    const warn = vi.fn();
    const provider = selectEngine({ mode: 'auto', createWasm, warn });
    expect(provider.availability()).toEqual({
      selected: 'native',
      native: { available: true },
      wasm: { available: true },
    });
    expect(warn).not.toHaveBeenCalled();
    const engine = await provider.get();
    expect(engine.kind).toBe('native');
    expect(engine.version).toMatch(/^native-\d+\.\d+\.\d+\+ts@0\.25\.10,typescript@0\.23\.2/);
    await provider.close();
  });

  it('--engine wasm never loads the addon', () => {
    const loadNative = vi.fn(loadNativeEngine);
    const provider = selectEngine({ mode: 'wasm', createWasm, loadNative });
    expect(loadNative).not.toHaveBeenCalled();
    expect(provider.availability().native).toEqual({ available: false, reason: 'not requested (--engine wasm)' });
  });
});
