import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/analyses.js';
import { SnapshotStore } from '../../src/analysis/snapshots.js';

// Pages of an immutable snapshot are built once per key; a failed build is not kept; the
// pages kept per snapshot are bounded, the least recently used going first.

const emptySnapshot = () =>
  new SnapshotStore().add('k', 's', { files: [], skipped: [], top: { cognitive: [], cyclomatic: [], loc: [] } });

describe('pages of a snapshot', () => {
  it('builds a page once per key and gives the same answer after', async () => {
    const analyses = new Analyses();
    const snapshot = emptySnapshot();
    let builds = 0;
    const build = async () => ({ page: ++builds });
    expect(await analyses.page(snapshot, 'a', build)).toEqual({ page: 1 });
    expect(await analyses.page(snapshot, 'a', build)).toEqual({ page: 1 });
    expect(await analyses.page(snapshot, 'b', build)).toEqual({ page: 2 });
    expect(builds).toBe(2);
  });

  it('does not keep a build that failed', async () => {
    const analyses = new Analyses();
    const snapshot = emptySnapshot();
    await expect(analyses.page(snapshot, 'x', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await analyses.page(snapshot, 'x', async () => 'second')).toBe('second');
  });

  it('keeps a bounded number of pages, the least recently used going first', async () => {
    const analyses = new Analyses();
    const snapshot = emptySnapshot();
    for (let i = 0; i < 40; i++) await analyses.page(snapshot, `p${i}`, async () => i);
    // p0..p7 went; p8 is the least recently used now, unless it is used again.
    expect(await analyses.page(snapshot, 'p8', async () => -1)).toBe(8);
    expect(await analyses.page(snapshot, 'p5', async () => -1)).toBe(-1);
    expect(snapshot.pages.size).toBe(32);
    expect(snapshot.pages.has('p8')).toBe(true);
    expect(snapshot.pages.has('p9')).toBe(false);
  });
});
