import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import type { NativeAddon } from '../../src/engine/native/addon.js';
import { nativeAddonPath } from '../../src/engine/native/loader.js';
import { nativeTagsResult } from '../../src/engine/native/tags.js';
import type { TagFile } from '../../src/engine/types.js';
import { tagsOfFile } from '../../src/engine/wasm/tags.js';
import { requireNativeEngine } from '../differential/native.js';
import { materialise, parseTxtar } from '../golden/txtar.js';

// The tags goldens (test/golden/tags, queries/tags/README.md "Goldens") through the native
// engine's napi binding: the same archives and expected FileTags as tags-wasm.test.ts, and the
// same JSON text as the WASM engine gives (key order included).

const DIR = fileURLToPath(new URL('../golden/tags/', import.meta.url));
const EXPECTED = 'expected.json';

const engine = requireNativeEngine();
const addon = createRequire(import.meta.url)(nativeAddonPath()) as NativeAddon;

interface Case {
  name: string;
  path: string;
  source: string;
  expected: string | undefined;
}

const cases: Case[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.txtar'))
  .sort()
  .map((name) => {
    const files = parseTxtar(readFileSync(join(DIR, name), 'utf8'));
    const sources = [...files].filter(([p]) => p !== EXPECTED);
    if (sources.length !== 1) throw new Error(`${name}: expected one source file, found ${sources.length}`);
    const [path, source] = sources[0]!;
    return { name, path, source, expected: files.get(EXPECTED) };
  });

// Every case's source in one temporary tree (each under its case's name: paths may repeat).
const tmp = materialise(new Map(cases.map((c) => [join(c.name, c.path), c.source])), 'mca-tags-native-');
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  return engine.close();
});

function request(c: Case): TagFile {
  const language = languageOf(c.path);
  if (!language) throw new Error(`no language for ${c.path}`);
  return { abs: join(tmp, c.name, c.path), rel: c.path, language };
}

describe('tags goldens (native)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const c of cases) {
    it(c.name, async () => {
      const [actual, ...rest] = await engine.tags([request(c)]);
      expect(rest).toEqual([]);
      if (c.expected === undefined) throw new Error(`${c.name} has no ${EXPECTED}`);
      expect(actual).toEqual(JSON.parse(c.expected));
      // The same text as the WASM engine's, key order included.
      const wasm = await tagsOfFile(c.path, request(c).language, c.source);
      expect(JSON.stringify(actual)).toBe(JSON.stringify(wasm));
    });
  }

  it('tags many files in one run, in request order, and reports the unreadable ones', async () => {
    const files = cases.map(request);
    const missing: TagFile = { abs: join(tmp, 'no-such-file.ts'), rel: 'no-such-file.ts', language: 'typescript' };
    const result = await nativeTagsResult(addon, [missing, ...files].reverse(), { threads: 2 });
    expect(result.files.map((f) => f.path)).toEqual(files.map((f) => f.rel).reverse());
    expect(result.skipped).toEqual([{ path: 'no-such-file.ts', reason: 'vanished' }]);
    expect(result.files.map((f) => JSON.stringify(f))).toEqual(
      cases.map((c) => JSON.stringify(JSON.parse(c.expected ?? 'null'))).reverse(),
    );
  });

  it('applies maxFileSize as the analysis does', async () => {
    const result = await nativeTagsResult(addon, [request(cases[0]!)], { maxFileSize: 10 });
    expect(result.files).toEqual([]);
    expect(result.skipped).toMatchObject([{ path: cases[0]!.path, reason: 'too-large' }]);
  });

  it('is cancelled by an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(engine.tags(cases.map(request), { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
