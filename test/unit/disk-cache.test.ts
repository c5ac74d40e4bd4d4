import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskCache } from '../../src/cache/disk-cache.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mca-disk-'));
  dirs.push(dir);
  return dir;
};
const entries = (dir: string) => readdirSync(join(dir, 'v1'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

describe('per-file results on disk', () => {
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps values between instances (processes) of the cache', async () => {
    const dir = fresh();
    await new DiskCache<{ n: number }>(dir).set('k1', { n: 1 });
    const later = new DiskCache<{ n: number }>(dir);
    expect(await later.get('k1')).toEqual({ n: 1 });
    expect(await later.get('k2')).toBeUndefined();
    expect(later.stats()).toEqual({ hits: 1, misses: 1, writes: 0 });
  });

  it('ignores a corrupt or foreign entry and replaces it on the next write', async () => {
    const dir = fresh();
    const cache = new DiskCache<{ n: number }>(dir);
    await cache.set('k', { n: 1 });
    const [file] = entries(dir);
    writeFileSync(file!, '{"format":1,"key":"k","val');
    expect(await cache.get('k')).toBeUndefined();
    writeFileSync(file!, JSON.stringify({ format: 1, key: 'another key', value: { n: 9 } }));
    expect(await cache.get('k')).toBeUndefined();
    writeFileSync(file!, JSON.stringify({ format: 0, key: 'k', value: { n: 9 } }));
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', { n: 2 });
    expect(await cache.get('k')).toEqual({ n: 2 });
  });

  it('lets concurrent writers of the same keys leave whole entries only', async () => {
    const dir = fresh();
    const writers = Array.from({ length: 8 }, () => new DiskCache<{ text: string }>(dir));
    const value = { text: 'x'.repeat(200_000) };
    await Promise.all(writers.flatMap((w) => Array.from({ length: 5 }, (_, k) => w.set(`key-${k}`, value))));
    const files = entries(dir);
    expect(files).toHaveLength(5); // no temporary file left behind
    for (let k = 0; k < 5; k++) expect(await writers[0]!.get(`key-${k}`)).toEqual(value);
    for (const f of files) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
  });

  it('removes the least recently used entries past its size bound', async () => {
    const dir = fresh();
    const cache = new DiskCache<string>(dir, { maxBytes: 2500 });
    for (let k = 0; k < 5; k++) await cache.set(`k${k}`, 'y'.repeat(900));
    // Written k0 … k4, oldest first by mtime; then k0 is read (its recency refreshed), so k1, k2, k3 go.
    const order = await Promise.all([0, 1, 2, 3, 4].map(async (k) => ({ k, f: entries(dir).find((f) => readFileSync(f, 'utf8').includes(`"k${k}"`))! })));
    order.forEach(({ f }, i) => utimesSync(f, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000)));
    await cache.get('k0');
    const pruned = await cache.prune();
    expect(pruned.removed).toBe(3);
    expect(pruned.bytes).toBeLessThanOrEqual(2500);
    expect(await cache.get('k0')).toBe('y'.repeat(900));
    expect(await cache.get('k4')).toBe('y'.repeat(900));
    for (const k of [1, 2, 3]) expect(await cache.get(`k${k}`)).toBeUndefined();
  });
});
