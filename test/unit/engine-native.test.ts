import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/envelope/errors.js';
import type { NativeAddon } from '../../src/engine/native/addon.js';
import type { AnalyzeOptions, EngineProgress } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { compareResults } from '../differential/compare.js';
import { requireNativeEngine } from '../differential/native.js';

// The native engine's own behaviour at the boundary (cancellation, progress, panics, deep
// input) and its discovery, which must select and skip exactly the files the WASM engine does.
const native = requireNativeEngine();
const wasm = new WasmEngine({ threads: 0 });
let dir: string;

function write(rel: string, content: string | Buffer): void {
  const abs = join(dir, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mca-native-'));
  write('.gitignore', 'ignored/\n*.gen.ts\n!keep.gen.ts\n');
  write('a.ts', 'export function f(x: number) { return x > 1 ? x : 0; }\n');
  write('keep.gen.ts', 'export const k = () => 1;\n');
  write('drop.gen.ts', 'export const d = 1;\n');
  write('ignored/x.ts', 'const x = 1;\n');
  write('sub/.gitignore', 'local.py\n');
  write('sub/local.py', 'x = 1\n');
  write('sub/kept.py', 'def g(a, b):\n    return a and b\n');
  write('node_modules/m/index.js', 'module.exports = 1;\n');
  write('vendor/v.go', 'package v\n');
  write('.hidden/h.rs', 'fn h() {}\n');
  write('bin.js', Buffer.from([0x61, 0x00, 0x62]));
  write('bad.py', Buffer.from([0x78, 0x3d, 0xff, 0xfe, 0x0a]));
  write('bom.java', '\uFEFFclass A { void m() { if (a) { b(); } } }\n');
  write('big.ts', `export const s = "${'x'.repeat(5000)}";\n`);
  write('broken.tsx', 'const a = <div>{x</div>;\nfunction (\n');
  write('notes.txt', 'not code\n');
  symlinkSync(join(dir, 'a.ts'), join(dir, 'link.ts'));
  symlinkSync('/etc/hostname', join(dir, 'outside.ts'));
  symlinkSync(join(dir, 'missing.ts'), join(dir, 'dangling.ts'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await wasm.close();
  await native.close();
});

describe('native discovery matches the WASM engine', () => {
  const cases: [string, Partial<AnalyzeOptions>][] = [
    ['defaults', {}],
    ['size limit', { maxFileSize: 1000 }],
    ['gitignore off', { gitignore: false }],
    ['include/exclude globs', { include: ['*.ts', 'sub/**'], exclude: ['keep*'] }],
    ['languages', { languages: ['python', 'java'] }],
  ];
  for (const [name, extra] of cases) {
    it(name, async () => {
      const options = { path: dir, root: dir, ...extra };
      const [w, n] = [await wasm.analyze(options), await native.analyze(options)];
      expect(n.files.map((f) => f.path)).toEqual(w.files.map((f) => f.path));
      expect(n.skipped).toEqual(w.skipped);
      expect(compareResults(w, n).mismatches).toEqual([]);
      expect(n.stats).toMatchObject({ filesAnalyzed: w.stats.filesAnalyzed, bytes: w.stats.bytes });
    });
  }

  it('sees what it should: gitignore, default skips, links, bad input', async () => {
    const n = await native.analyze({ path: dir, root: dir, maxFileSize: 1000 });
    expect(n.files.map((f) => f.path)).toEqual([
      '.hidden/h.rs',
      'a.ts',
      'bom.java',
      'broken.tsx',
      'keep.gen.ts',
      'link.ts',
      'sub/kept.py',
    ]);
    expect(n.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['bad.py', 'invalid-utf8'],
      ['big.ts', 'too-large'],
      ['bin.js', 'binary'],
    ]);
    expect(n.files.find((f) => f.path === 'broken.tsx')!.parseErrors.count).toBeGreaterThan(0);
  });

  it('a subdirectory and a single file, with paths relative to the root', async () => {
    for (const path of [join(dir, 'sub'), join(dir, 'sub/kept.py'), join(dir, 'notes.txt')]) {
      const options = { path, root: dir };
      const [w, n] = [await wasm.analyze(options), await native.analyze(options)];
      expect(JSON.parse(JSON.stringify(n.files))).toEqual(JSON.parse(JSON.stringify(w.files)));
      expect(n.skipped).toEqual(w.skipped);
    }
  });

  it('a missing path is PATH_NOT_FOUND', async () => {
    await expect(native.analyze({ path: join(dir, 'nope'), root: dir })).rejects.toMatchObject({
      code: 'PATH_NOT_FOUND',
    });
  });
});

describe('native engine boundary', () => {
  it('cancellation reaches the Rust walk: an abort mid-run rejects with CANCELLED', { timeout: 120_000 }, async () => {
    const big = mkdtempSync(join(tmpdir(), 'mca-native-big-'));
    try {
      const body = Array.from(
        { length: 200 },
        (_, i) => `function f${i}(a) { if (a > ${i}) { return a && ${i}; } return 0; }`,
      ).join('\n');
      for (let i = 0; i < 1500; i++) writeFileSync(join(big, `f${i}.js`), body);
      const controller = new AbortController();
      // Aborted at the first progress report, so mid-run whatever the machine's speed (not after a delay).
      const run = native.analyze({
        path: big,
        root: big,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).code).toBe('CANCELLED');
      const pre = new AbortController();
      pre.abort();
      await expect(native.analyze({ path: big, root: big, signal: pre.signal })).rejects.toMatchObject({
        code: 'CANCELLED',
      });
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('progress flows back and ends at filesDone = filesTotal', async () => {
    const seen: EngineProgress[] = [];
    const result = await native.analyze({ path: dir, root: dir, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1]!;
    expect(last.filesDone).toBe(last.filesTotal);
    expect(last.filesTotal).toBe(result.files.length + result.skipped.length);
  });

  it('a panic inside the engine comes back as an error, the process goes on', () => {
    const addon = (native as unknown as { addon: NativeAddon }).addon;
    expect(() => addon.panicForTest()).toThrow(/deliberate panic/);
    expect(addon.engineVersion()).toBe(native.version);
  });

  it('10,000 levels of nesting: no stack overflow, same numbers as WASM', async () => {
    const deep = mkdtempSync(join(tmpdir(), 'mca-native-deep-'));
    try {
      const n = 10_000;
      writeFileSync(join(deep, 'deep.js'), `function f(x) {\n${'if (x) {\n'.repeat(n)}x();\n${'}\n'.repeat(n)}}\n`);
      writeFileSync(
        join(deep, 'deep.py'),
        `def f(x):\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(301)}pass\n`,
      );
      const options = { path: deep, root: deep };
      const [w, r] = [await wasm.analyze(options), await native.analyze(options)];
      expect(r.skipped).toEqual([]);
      expect(r.files.find((f) => f.path === 'deep.js')!.functions[0]!.maxNesting).toBe(n);
      expect(compareResults(w, r).mismatches).toEqual([]);
      // A symbol tree 10,000 deep crosses the boundary whole (JSON.stringify could not
      // even print it, so its depth is counted here without recursion).
      writeFileSync(join(deep, 'deep.ts'), `${'namespace a {\n'.repeat(n)}${'}\n'.repeat(n)}`);
      const ts = await native.analyze({ path: join(deep, 'deep.ts'), root: deep });
      let depth = 0;
      for (let s = ts.files[0]!.symbols; s.length > 0; s = s[0]!.children) depth++;
      expect(depth).toBe(n);
    } finally {
      rmSync(deep, { recursive: true, force: true });
    }
  });
});
