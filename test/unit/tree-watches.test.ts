import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../src/analysis/tree-signature.js';
import { settle, TreeWatches, type TreeWatchOptions } from '../../src/analysis/tree-watches.js';

// Scans kept while the file system reports nothing (real directories, real fs.watch). Every
// edit below is followed at once by a call, with no wait: what makes the call see it is the
// event the kernel queued during the edit, delivered in the turn of the event loop the call
// waits for (settle), as in Analyses.run.

describe('tree watches', () => {
  let dir: string;
  let watches: TreeWatches;
  let walks: number;

  const make = (options: TreeWatchOptions = {}) => {
    watches?.close();
    watches = new TreeWatches(options);
  };

  async function call(sub = '') {
    await settle();
    const path = join(dir, sub);
    return watches.scan(path, (trail) => {
      walks++;
      return scanTree({ path, root: dir }, trail);
    });
  }

  /** A call that must come from the kept scan, and the paths it lists. */
  async function kept() {
    const before = walks;
    const scan = await call();
    expect(walks, 'answered without a walk').toBe(before);
    return scan.found.files.map((f) => f.rel);
  }

  /** Two calls: the first walks and arms the watches, the second walks with them armed; then trusted. */
  async function warm() {
    await call();
    await call();
    await kept();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mca-watch-'));
    mkdirSync(join(dir, 'src/deep'), { recursive: true });
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'src/deep/b.ts'), 'export const b = 2;\n');
    walks = 0;
    make();
  });
  afterEach(() => {
    watches.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks twice (the second time with every directory watched), then answers from the kept scan', async () => {
    const first = await call();
    const second = await call();
    expect(walks).toBe(2);
    expect(await kept()).toEqual(['src/a.ts', 'src/deep/b.ts']);
    expect(second.signature).toBe(first.signature);
    expect(watches.stats()).toMatchObject({ hits: 1, scans: 2, trees: 1, watchedDirs: 3 });
  });

  it('sees an edit, a new file, a deletion, a rename and a touch made just before the call', async () => {
    await warm();
    let signature = (await call()).signature;
    const edits: Array<() => unknown> = [
      () => writeFile(join(dir, 'src/a.ts'), 'export const a = 10;\n'),
      () => writeFileSync(join(dir, 'src/deep/c.ts'), 'export const c = 3;\n'),
      () => unlinkSync(join(dir, 'src/deep/c.ts')),
      () => renameSync(join(dir, 'src/a.ts'), join(dir, 'src/a2.ts')),
      () => utimesSync(join(dir, 'src/deep/b.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1)),
    ];
    for (const edit of edits) {
      await edit();
      const before = walks;
      const scan = await call();
      expect(walks, 'the edit made the next call walk').toBe(before + 1);
      expect(scan.signature).not.toBe(signature);
      signature = scan.signature;
      await call(); // trusted again after one walk: every directory was watched before it
      await kept();
    }
    expect(await kept()).toEqual(['src/a2.ts', 'src/deep/b.ts']);
  });

  it('watches a new directory before trusting a scan that holds it, and one replaced at its path', async () => {
    await warm();
    mkdirSync(join(dir, 'src/new'));
    writeFileSync(join(dir, 'src/new/n.ts'), 'export const n = 1;\n');
    await call(); // walks: src changed; src/new was not watched before it
    await call(); // walks again, now with src/new watched
    await kept();
    writeFileSync(join(dir, 'src/new/m.ts'), 'export const m = 1;\n');
    expect((await call()).found.files.map((f) => f.rel)).toContain('src/new/m.ts');
    // Replace src/deep by a new directory of that name: the old watch saw its inode go.
    await call();
    await kept();
    rmSync(join(dir, 'src/deep'), { recursive: true });
    mkdirSync(join(dir, 'src/deep'));
    await call();
    await call();
    await kept();
    writeFileSync(join(dir, 'src/deep/z.ts'), 'export const z = 1;\n');
    expect((await call()).found.files.map((f) => f.rel)).toContain('src/deep/z.ts');
  });

  it("sees an edit of a parent directory's .gitignore that applies to the tree", async () => {
    const sub = async () => (await call('src')).found.files.map((f) => f.rel);
    await sub();
    await sub();
    expect(await sub()).toEqual(['src/a.ts', 'src/deep/b.ts']);
    writeFileSync(join(dir, '.gitignore'), 'deep/\n');
    expect(await sub()).toEqual(['src/a.ts']);
  });

  it('never trusts a scan that followed a symbolic link to a file (its target is not watched)', async () => {
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere/t.ts'), 'export const t = 1;\n');
    symlinkSync(join(dir, 'elsewhere/t.ts'), join(dir, 'src/link.ts'));
    await call();
    await call();
    await call();
    expect(walks).toBe(3);
    expect(watches.stats()).toMatchObject({ hits: 0, lastUnwatched: 'a symbolic link to a file was followed' });
  });

  it('walks every time when the trees would need more watches than allowed', async () => {
    make({ maxDirs: 2 });
    await call();
    await call();
    await call();
    expect(walks).toBe(3);
    expect(watches.stats()).toMatchObject({ watchedDirs: 0, lastUnwatched: 'more than 2 directories watched' });
  });

  it('trusts a scan for trustMs at most', async () => {
    let now = 1_000;
    make({ trustMs: 100, now: () => now });
    await warm();
    now += 99;
    await kept();
    now += 2;
    const before = walks;
    await call();
    expect(walks).toBe(before + 1);
  });

  it('keeps maxTrees trees and stops watching the directories of the ones it drops', async () => {
    make({ maxTrees: 1 });
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other/o.ts'), 'export const o = 1;\n');
    await call('src');
    await call('src');
    expect(watches.stats()).toMatchObject({ trees: 1, watchedDirs: 3 }); // the root (its .gitignore), src, src/deep
    await call('other');
    expect(watches.stats()).toMatchObject({ trees: 1, watchedDirs: 2 }); // the root, other
  });
});
