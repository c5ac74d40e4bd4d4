import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/engine/discovery.js';
import type { SkippedFile } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { requireNativeEngine } from '../differential/native.js';

// Walk errors are data in both engines (src/engine/discovery.ts, crates/engine/src/discovery.rs):
// the same entries in `skipped`, with the same reason and detail. A directory with mode 000 is
// an error only for a user without the right to read any directory (not root): the names that
// are not UTF-8 are the case that fails for everyone, since Node has no string to reach them by.
// Run as root, the mode 000 case is also run by a child process that loads both engines and then
// gives up root for user 65534 (process.setuid) before it walks: the walk is unprivileged, and the
// repository need not be readable by that user (a clone in a private directory stays testable).
const native = requireNativeEngine();
const wasm = new WasmEngine({ threads: 0 });
let dir: string;
/** Names are bytes: the parts that are not UTF-8 are given as buffers. */
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mca-walk-'));
  mkdirSync(join(dir, 'ok'));
  writeFileSync(join(dir, 'ok/a.ts'), 'export const a = 1;\n');
  mkdirSync(bytes(dir, '/d', [0xff]));
  writeFileSync(bytes(dir, '/d', [0xff], '/inside.py'), 'x = 1\n');
  writeFileSync(bytes(dir, '/f', [0xfe], '.go'), 'package f\n');
  writeFileSync(bytes(dir, '/n', [0xfe], '.txt'), 'not code\n');
  mkdirSync(bytes(dir, '/node_modules'));
  mkdirSync(bytes(dir, '/node_modules/m', [0xff]));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await wasm.close();
  await native.close();
});

const notUtf8: SkippedFile[] = [
  { path: 'd\uFFFD', reason: 'unreadable-directory', detail: 'EILSEQ' },
  { path: 'f\uFFFD.go', reason: 'unreadable', detail: 'EILSEQ' },
];

describe('walk errors as skipped entries, the same in both engines', () => {
  it('names that are not UTF-8: a directory and a file with a known extension', async () => {
    const found = await discoverFiles({ path: dir, root: dir });
    expect(found.files.map((f) => f.rel)).toEqual(['ok/a.ts']);
    expect(found.skipped).toEqual(notUtf8);
    const [w, n] = [await wasm.analyze({ path: dir, root: dir }), await native.analyze({ path: dir, root: dir })];
    expect(w.skipped).toEqual(notUtf8);
    expect(n.skipped).toEqual(notUtf8);
    expect(n.files.map((f) => f.path)).toEqual(['ok/a.ts']);
    expect(w.files.map((f) => f.path)).toEqual(['ok/a.ts']);
  });

  it('filters apply first: an excluded or skipped directory is not reported', async () => {
    const options = { path: dir, root: dir, exclude: ['d*', 'f*'] };
    expect((await discoverFiles(options)).skipped).toEqual([]);
    expect((await native.analyze(options)).skipped).toEqual([]);
  });

  it('a directory with mode 000 (an error unless the user may read any directory)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mca-walk-000-'));
    try {
      mkdirSync(join(root, 'locked'));
      writeFileSync(join(root, 'locked/b.rs'), 'fn b() {}\n');
      writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
      chmodSync(join(root, 'locked'), 0o000);
      const denied = (() => {
        try {
          readdirSync(join(root, 'locked'));
          return false;
        } catch {
          return true;
        }
      })();
      const expected: SkippedFile[] = denied
        ? [{ path: 'locked', reason: 'unreadable-directory', detail: 'EACCES' }]
        : [];
      const [t, n] = [await discoverFiles({ path: root, root }), await native.analyze({ path: root, root })];
      expect(t.skipped).toEqual(expected);
      expect(n.skipped).toEqual(expected);
      expect(n.files.map((f) => f.path)).toEqual(t.files.map((f) => f.rel));
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
      rmSync(root, { recursive: true, force: true });
    }
  });

  const REPO = fileURLToPath(new URL('../..', import.meta.url));
  const asRoot = process.getuid?.() === 0;
  it.runIf(asRoot)(
    'a directory with mode 000, walked by an unprivileged user (root drops to user 65534 after loading the engines)',
    () => {
      const base = mkdtempSync(join(tmpdir(), 'mca-walk-nobody-'));
      const root = join(base, 'tree');
      try {
        mkdirSync(join(root, 'locked'), { recursive: true });
        writeFileSync(join(root, 'locked/b.rs'), 'fn b() {}\n');
        writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
        writeFileSync(
          join(base, 'walk.mts'),
          [
            `import { discoverFiles } from ${JSON.stringify(`${REPO}src/engine/discovery.ts`)};`,
            `import { requireNativeEngine } from ${JSON.stringify(`${REPO}test/differential/native.ts`)};`,
            // Everything is loaded (modules, the native addon) before root is given up.
            `const engine = requireNativeEngine();`,
            `process.setgroups([]); process.setgid(65534); process.setuid(65534);`,
            `if (process.getuid() !== 65534 || process.getgid() !== 65534) throw new Error('still privileged');`,
            `const ts = await discoverFiles({ path: ${JSON.stringify(root)}, root: ${JSON.stringify(root)} });`,
            `const native = await engine.analyze({ path: ${JSON.stringify(root)}, root: ${JSON.stringify(root)} });`,
            `console.log(JSON.stringify({ ts: [ts.files.map((f) => f.rel), ts.skipped], native: [native.files.map((f) => f.path), native.skipped] }));`,
          ].join('\n'),
        );
        chmodSync(base, 0o755);
        chmodSync(join(root, 'locked'), 0o000);
        const out = execFileSync(process.execPath, ['--import', 'tsx', join(base, 'walk.mts')], {
          cwd: REPO,
          encoding: 'utf8',
        });
        const expected = [['a.ts'], [{ path: 'locked', reason: 'unreadable-directory', detail: 'EACCES' }]];
        expect(JSON.parse(out)).toEqual({ ts: expected, native: expected });
      } finally {
        chmodSync(join(root, 'locked'), 0o755);
        rmSync(base, { recursive: true, force: true });
      }
    },
  );
});
