import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/engine/discovery.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mca-disc-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const paths = async (root: string, extra: object = {}) =>
  (await discoverFiles({ path: root, root, ...extra })).files.map((f) => f.rel);

describe('discoverFiles', () => {
  it('skips dependency and build directories and unknown extensions, sorted by path', async () => {
    const root = tree({
      'b.ts': '',
      'a/x.py': '',
      'README.md': '',
      'node_modules/p/i.js': '',
      'vendor/v.go': '',
      'target/t.rs': '',
      'dist/d.js': '',
      '.git/h.js': '',
    });
    expect(await paths(root)).toEqual(['a/x.py', 'b.ts']);
  });

  it('honours nested .gitignore files, negations and directory patterns, unless disabled', async () => {
    const root = tree({
      '.gitignore': '*.gen.ts\nbuild/\n',
      'keep.ts': '',
      'x.gen.ts': '',
      'build/out.ts': '',
      'pkg/.gitignore': '!special.gen.ts\nlocal.ts\n',
      'pkg/special.gen.ts': '',
      'pkg/local.ts': '',
      'pkg/other.gen.ts': '',
      'other/local.ts': '',
    });
    expect(await paths(root)).toEqual(['keep.ts', 'other/local.ts', 'pkg/special.gen.ts']);
    expect(await paths(root, { gitignore: false })).toContain('x.gen.ts');
  });

  it('applies .gitignore files between the root and an analysed subdirectory', async () => {
    const root = tree({ '.gitignore': 'skip.ts\n', 'sub/skip.ts': '', 'sub/keep.ts': '' });
    expect((await discoverFiles({ path: join(root, 'sub'), root })).files.map((f) => f.rel)).toEqual(['sub/keep.ts']);
  });

  it('filters by include/exclude globs and languages', async () => {
    const root = tree({ 'src/a.ts': '', 'src/a.test.ts': '', 'src/b.py': '', 'gen/c.ts': '' });
    expect(await paths(root, { include: ['src/**'] })).toEqual(['src/a.test.ts', 'src/a.ts', 'src/b.py']);
    expect(await paths(root, { exclude: ['*.test.ts', 'gen'] })).toEqual(['src/a.ts', 'src/b.py']);
    expect(await paths(root, { languages: ['python'] })).toEqual(['src/b.py']);
  });

  it('reports files over the size limit as skipped', async () => {
    const root = tree({ 'big.ts': 'x'.repeat(2048), 'small.ts': 'x' });
    const result = await discoverFiles({ path: root, root, maxFileSize: 1024 });
    expect(result.files.map((f) => f.rel)).toEqual(['small.ts']);
    expect(result.skipped).toEqual([{ path: 'big.ts', reason: 'too-large', detail: '2048 bytes > limit 1024' }]);
  });

  it('follows symlinks only to files inside the root and never into linked directories', async () => {
    const outside = tree({ 'secret.ts': '', 'dir/s.ts': '' });
    const root = tree({ 'real/a.ts': '' });
    symlinkSync(join(outside, 'secret.ts'), join(root, 'leak.ts'));
    symlinkSync(join(outside, 'dir'), join(root, 'linkdir'));
    symlinkSync(join(root, 'real'), join(root, 'loop'));
    symlinkSync(join(root, 'real/a.ts'), join(root, 'inside.ts'));
    symlinkSync(join(root, 'nowhere.ts'), join(root, 'dangling.ts'));
    const result = await discoverFiles({ path: root, root });
    expect(result.files.map((f) => f.rel)).toEqual(['inside.ts', 'real/a.ts']);
    expect(result.skipped).toEqual([]);
  });

  it('analyses an explicitly named file whatever the filters say, and reports an unknown one', async () => {
    const root = tree({ '.gitignore': 'a.ts\n', 'a.ts': '', 'notes.txt': '' });
    expect(await paths(root)).toEqual([]);
    expect((await discoverFiles({ path: join(root, 'a.ts'), root })).files.map((f) => f.rel)).toEqual(['a.ts']);
    expect((await discoverFiles({ path: join(root, 'notes.txt'), root })).skipped).toEqual([
      { path: 'notes.txt', reason: 'unsupported-language' },
    ]);
  });

  it('rejects a path that does not exist and stops when aborted', async () => {
    const root = tree({ 'a.ts': '' });
    await expect(discoverFiles({ path: join(root, 'nope'), root })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(discoverFiles({ path: root, root, signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
