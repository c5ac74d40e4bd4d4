import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFlags, FlagError, parseFlagValue, requireFlagName } from '../../src/flags/definitions.js';
import { FileFlagSource } from '../../src/flags/file-source.js';
import { RuntimeFlags, type FlagSource } from '../../src/flags/runtime-flags.js';
import { firstDifference } from '../../src/analysis/shadow.js';

/** A logger that keeps what it is told. */
function recorder() {
  const lines: { level: string; obj: any; msg?: string }[] = [];
  return {
    lines,
    warn: (obj: object, msg?: string) => void lines.push({ level: 'warn', obj, msg }),
    info: (obj: object, msg?: string) => void lines.push({ level: 'info', obj, msg }),
  };
}

/** Waits for a condition, polling, at most 5 s: never a fixed sleep. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('flag definitions', () => {
  it('percentages take 0–100 as numbers or their text; anything else is refused with what the flag takes', () => {
    expect(parseFlagValue('sessions.redisPercent', '0')).toBe(0);
    expect(parseFlagValue('sessions.redisPercent', '100')).toBe(100);
    expect(parseFlagValue('engine.shadowPercent', '0.5')).toBe(0.5);
    expect(parseFlagValue('engine.shadowPercent', 25)).toBe(25);
    for (const bad of ['101', '-1', 'ten', '', '1e2', 'NaN', 100.5, true, null]) {
      expect(() => parseFlagValue('engine.shadowPercent', bad), String(bad)).toThrow(/expected a number from 0 to 100/);
    }
    expect(parseFlagValue('engine.preferred', 'native')).toBe('native');
    expect(() => parseFlagValue('engine.preferred', 'rust')).toThrow(/expected auto, native or wasm/);
  });

  it('an unknown name is refused with the closest known one', () => {
    expect(requireFlagName('engine.preferred')).toBe('engine.preferred');
    expect(() => requireFlagName('engine.shadowPrecent')).toThrow(FlagError);
    expect(() => requireFlagName('engine.shadowPrecent')).toThrow(/did you mean engine\.shadowPercent\?/);
  });

  it('defaults: every session in Redis, no shadow runs, the preferred engine is --engine', () => {
    expect(defaultFlags({ engine: 'wasm' })).toEqual({
      'sessions.redisPercent': 100,
      'engine.shadowPercent': 0,
      'engine.preferred': 'wasm',
    });
  });
});

describe('runtime flags', () => {
  it('a source overrides the defaults; an invalid or unknown entry is ignored (default kept) and logged once', async () => {
    const log = recorder();
    const flags = new RuntimeFlags(defaultFlags({ engine: 'auto' }), log);
    flags.apply({ 'engine.shadowPercent': '30', 'sessions.redisPercent': 'lots', 'engine.colour': 'blue' });
    expect(flags.values()).toEqual({
      'sessions.redisPercent': 100,
      'engine.shadowPercent': 30,
      'engine.preferred': 'auto',
    });
    expect(flags.status().ignored).toEqual({
      'sessions.redisPercent': 'invalid value "lots": expected a number from 0 to 100',
      'engine.colour': 'unknown flag',
    });
    flags.apply({ 'engine.shadowPercent': '30', 'sessions.redisPercent': 'lots', 'engine.colour': 'blue' });
    expect(log.lines.filter((l) => l.msg === 'feature flag ignored')).toHaveLength(2);
    expect(log.lines.filter((l) => l.msg === 'feature flag changed').map((l) => l.obj.flag)).toEqual([
      'engine.shadowPercent',
    ]);
  });

  it('listeners hear each change once, and an entry removed from the source goes back to its default', () => {
    const flags = new RuntimeFlags(defaultFlags({ engine: 'native' }), recorder());
    const heard: unknown[] = [];
    flags.onChange((name, value, previous) => heard.push([name, value, previous]));
    flags.apply({ 'engine.preferred': 'wasm' });
    flags.apply({ 'engine.preferred': 'wasm' });
    flags.apply({});
    expect(heard).toEqual([
      ['engine.preferred', 'wasm', 'native'],
      ['engine.preferred', 'native', 'wasm'],
    ]);
  });

  it('a source that cannot be read keeps the values in force and says why', async () => {
    let fail = false;
    const source: FlagSource = {
      kind: 'redis',
      where: 'test',
      read: async () => {
        if (fail) throw new Error('Redis is away');
        return { 'engine.shadowPercent': 10 };
      },
      set: async () => undefined,
      unset: async () => undefined,
      watch: async () => undefined,
      close: async () => undefined,
    };
    const flags = new RuntimeFlags(defaultFlags({ engine: 'auto' }), recorder());
    await flags.follow(source);
    expect(flags.get('engine.shadowPercent')).toBe(10);
    fail = true;
    await flags.refresh();
    expect(flags.get('engine.shadowPercent')).toBe(10);
    expect(flags.status()).toMatchObject({ source: 'redis', error: 'Redis is away', set: ['engine.shadowPercent'] });
  });
});

describe('flags file (--flags-file), watched', () => {
  let dir: string;
  let flags: RuntimeFlags | undefined;
  afterEach(async () => {
    await flags?.close();
    flags = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('editing the file changes the flag: in place, by rename (editors, flags set), created after start, removed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mca-flags-'));
    const file = join(dir, 'flags.json');
    flags = new RuntimeFlags(defaultFlags({ engine: 'auto' }), recorder());
    await flags.follow(new FileFlagSource(file));
    expect(flags.status()).toMatchObject({ source: 'file', where: file, set: [] });

    writeFileSync(file, JSON.stringify({ 'engine.shadowPercent': 5 }));
    await until(() => flags!.get('engine.shadowPercent') === 5, 'a created file');

    writeFileSync(file, JSON.stringify({ 'engine.shadowPercent': 7 }));
    await until(() => flags!.get('engine.shadowPercent') === 7, 'a file written in place');

    writeFileSync(join(dir, 'next.json'), JSON.stringify({ 'engine.shadowPercent': 9, 'engine.preferred': 'wasm' }));
    renameSync(join(dir, 'next.json'), file);
    await until(() => flags!.get('engine.preferred') === 'wasm', 'a file renamed over');
    expect(flags.get('engine.shadowPercent')).toBe(9);

    // Written again by rename after a rename: the watch follows the new file each time.
    await new FileFlagSource(file).set('engine.shadowPercent', 11);
    await until(() => flags!.get('engine.shadowPercent') === 11, 'flags set');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'engine.shadowPercent': 11, 'engine.preferred': 'wasm' });

    writeFileSync(file, '{ "engine.shadowPercent": ');
    await until(() => flags!.status().error !== undefined, 'a half-written file reported');
    expect(flags.get('engine.shadowPercent')).toBe(11);

    rmSync(file);
    await until(() => flags!.get('engine.shadowPercent') === 0, 'a removed file: defaults');
  });

  it('set and unset keep the other entries; a file that is not JSON is not overwritten', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mca-flags-'));
    const file = join(dir, 'flags.json');
    const source = new FileFlagSource(file);
    await source.set('sessions.redisPercent', 50);
    await source.set('engine.preferred', 'native');
    await source.unset('sessions.redisPercent');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'engine.preferred': 'native' });
    writeFileSync(file, 'not json');
    await expect(source.set('engine.shadowPercent', 1)).rejects.toThrow(/not valid JSON.*Fix or remove it first/);
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});

describe('first difference between two results', () => {
  it('names the first differing leaf as a path', () => {
    const a = {
      path: 'a.ts',
      functions: [
        { name: 'f', cognitive: 1 },
        { name: 'g', cognitive: 2, loc: { sloc: 3 } },
      ],
    };
    expect(firstDifference(a, structuredClone(a))).toBeUndefined();
    const b = structuredClone(a);
    b.functions[1]!.loc!.sloc = 4;
    expect(firstDifference(a, b)).toEqual({ field: 'functions[1].loc.sloc', a: 3, b: 4 });
    expect(firstDifference(a, { ...a, functions: a.functions.slice(0, 1) })).toMatchObject({ field: 'functions[1]' });
  });
});
