import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskCache } from '../../src/cache/disk-cache.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mca-disk-'));
  dirs.push(dir);
  return dir;
};
const entries = (dir: string, format = 2) =>
  readdirSync(join(dir, `v${format}`), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
/** An entry's two lines: the header (format, key, body length, head) and the body. */
const lines = (file: string) => {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  return { header: text.slice(0, nl), body: text.slice(nl + 1) };
};

describe('per-file results on disk', () => {
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps values and their heads between instances (processes) of the cache', async () => {
    const dir = fresh();
    await new DiskCache<{ n: number }, { h: number }>(dir).set('k1', { n: 1 }, { h: 1 });
    const later = new DiskCache<{ n: number }, { h: number }>(dir);
    expect(await later.head('k1')).toEqual({ h: 1 });
    expect(await later.get('k1')).toEqual({ n: 1 });
    expect(await later.head('k2')).toBeUndefined();
    expect(await later.get('k2')).toBeUndefined();
    expect(later.stats()).toEqual({ hits: 2, misses: 2, writes: 0 });
  });

  it('reads a head without the body: one line, the body parsed only when asked for', async () => {
    const dir = fresh();
    const cache = new DiskCache<{ text: string }, { n: number }>(dir);
    await cache.set('k', { text: 'é'.repeat(100_000) }, { n: 7 });
    const [file] = entries(dir);
    const { header, body } = lines(file!);
    expect(JSON.parse(header)).toEqual({ format: 2, key: 'k', bytes: Buffer.byteLength(body), head: { n: 7 } });
    // A body that is not JSON (same length) does not spoil the head; only the body's reader misses.
    writeFileSync(file!, `${header}\n${'x'.repeat(Buffer.byteLength(body))}`);
    expect(await cache.head('k')).toEqual({ n: 7 });
    expect(await cache.get('k')).toBeUndefined();
  });

  it('reads a header longer than its first read', async () => {
    const dir = fresh();
    const cache = new DiskCache<number, string[]>(dir);
    const head = Array.from({ length: 5000 }, (_, i) => `name-${i}`);
    await cache.set('k', 1, head);
    expect(await cache.head('k')).toEqual(head);
    expect(await cache.get('k')).toBe(1);
  });

  it('ignores a corrupt, truncated or foreign entry and replaces it on the next write', async () => {
    const dir = fresh();
    const cache = new DiskCache<{ n: number }, { h: number }>(dir);
    await cache.set('k', { n: 1 }, { h: 1 });
    const [file] = entries(dir);
    const whole = readFileSync(file!, 'utf8');
    const { body } = lines(file!);
    const bytes = Buffer.byteLength(body);
    const spoilt = [
      whole.slice(0, whole.indexOf('\n') - 3), // a header cut short
      whole.slice(0, -2), // a body cut short: the header's length says so
      `${whole}{}`, // something after the body
      `{"format":2,"key":"k","bytes":${bytes},"he\n${body}`, // a corrupt header
      `${JSON.stringify({ format: 2, key: 'another key', bytes, head: { h: 9 } })}\n${body}`,
      `${JSON.stringify({ format: 1, key: 'k', bytes, head: { h: 9 } })}\n${body}`,
      `${JSON.stringify({ format: 2, key: 'k', bytes })}\n${body}`, // no head
      JSON.stringify({ format: 1, key: 'k', value: { n: 9 } }), // the entry of format 1
      '',
    ];
    for (const text of spoilt) {
      writeFileSync(file!, text);
      expect(await cache.head('k'), text).toBeUndefined();
      expect(await cache.get('k'), text).toBeUndefined();
    }
    await cache.set('k', { n: 2 }, { h: 2 });
    expect(await cache.head('k')).toEqual({ h: 2 });
    expect(await cache.get('k')).toEqual({ n: 2 });
  });

  it('never reads entries of an older format, and its prune removes them (only files named like entries)', async () => {
    const dir = fresh();
    const cache = new DiskCache<{ n: number }, { h: number }>(dir);
    await cache.set('k', { n: 2 }, { h: 2 });
    const [file] = entries(dir);
    const old = join(dir, 'v1', file!.slice(join(dir, 'v2').length));
    mkdirSync(join(old, '..'), { recursive: true });
    writeFileSync(old, JSON.stringify({ format: 1, key: 'k', value: { n: 1 } }));
    writeFileSync(join(dir, 'v1', 'not-ours.txt'), 'kept');
    rmSync(file!);
    expect(await cache.head('k')).toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', { n: 2 }, { h: 2 });
    expect(await cache.prune()).toEqual({ entries: 1, bytes: readFileSync(file!).length, removed: 0 });
    expect(readdirSync(join(dir, 'v1'), { recursive: true })).toEqual(['not-ours.txt']);
    expect(await cache.get('k')).toEqual({ n: 2 });
  });

  it('lets concurrent writers of the same keys leave whole entries only', async () => {
    const dir = fresh();
    const writers = Array.from({ length: 8 }, () => new DiskCache<{ text: string }, { n: number }>(dir));
    const value = { text: 'x'.repeat(200_000) };
    await Promise.all(writers.flatMap((w) => Array.from({ length: 5 }, (_, k) => w.set(`key-${k}`, value, { n: k }))));
    const files = entries(dir);
    expect(files).toHaveLength(5); // no temporary file left behind
    for (let k = 0; k < 5; k++) {
      expect(await writers[0]!.head(`key-${k}`)).toEqual({ n: k });
      expect(await writers[0]!.get(`key-${k}`)).toEqual(value);
    }
    for (const f of files) expect(() => JSON.parse(lines(f).body)).not.toThrow();
  });

  it('gives a reader in another process a whole entry (head and body of one write) or none, while processes write', async () => {
    const dir = fresh();
    const module = JSON.stringify(resolve(import.meta.dirname, '../../src/cache/disk-cache.ts'));
    // Each process writes its own values (different lengths) to the same keys, over and over:
    // whatever a reader finds must be one process's head with that process's body.
    const writer = join(dir, 'writer.mts');
    writeFileSync(
      writer,
      [
        `import { DiskCache } from ${module};`,
        `const [dir, id] = process.argv.slice(2);`,
        `const cache = new DiskCache(dir);`,
        `for (let round = 0; round < 40; round++) for (let k = 0; k < 4; k++) await cache.set('key-' + k, { id, text: 'x'.repeat(20_000 * (Number(id) + 1)) }, { id });`,
      ].join('\n'),
    );
    const run = promisify(execFile);
    const writing = Promise.all(
      [0, 1, 2].map((id) =>
        run(process.execPath, ['--import', 'tsx', writer, dir, String(id)], {
          cwd: resolve(import.meta.dirname, '../..'),
        }),
      ),
    );
    let done = false;
    const finish = () => (done = true);
    writing.then(finish, finish);
    const reader = new DiskCache<{ id: string; text: string }, { id: string }>(dir);
    let seen = 0;
    while (!done) {
      for (let k = 0; k < 4; k++) {
        const listed = (() => {
          try {
            return readdirSync(join(dir, 'v2'), { recursive: true, withFileTypes: true });
          } catch {
            return []; // nothing written yet
          }
        })();
        for (const f of listed.filter((e) => e.isFile() && e.name.endsWith('.json'))) {
          const text = (() => {
            try {
              return readFileSync(join(f.parentPath, f.name), 'utf8');
            } catch {
              return undefined; // replaced between the listing and the read
            }
          })();
          if (text === undefined) continue;
          const nl = text.indexOf('\n');
          expect(JSON.parse(text.slice(0, nl)).head.id).toBe(JSON.parse(text.slice(nl + 1)).id);
        }
        const value = await reader.get(`key-${k}`);
        if (value) {
          expect(value.text).toHaveLength(20_000 * (Number(value.id) + 1));
          seen++;
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await writing;
    expect(seen).toBeGreaterThan(0);
    for (let k = 0; k < 4; k++) expect(['0', '1', '2']).toContain((await reader.head(`key-${k}`))?.id);
    expect(entries(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the least recently used entries past its size bound', async () => {
    const dir = fresh();
    const cache = new DiskCache<string, number>(dir, { maxBytes: 2500 });
    for (let k = 0; k < 5; k++) await cache.set(`k${k}`, 'y'.repeat(900), k);
    // Written k0 … k4, oldest first by mtime; then k0 is read (its recency refreshed), so k1, k2, k3 go.
    const order = await Promise.all(
      [0, 1, 2, 3, 4].map(async (k) => ({
        k,
        f: entries(dir).find((f) => readFileSync(f, 'utf8').includes(`"k${k}"`))!,
      })),
    );
    order.forEach(({ f }, i) => utimesSync(f, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000)));
    await cache.head('k0');
    const pruned = await cache.prune();
    expect(pruned.removed).toBe(3);
    expect(pruned.bytes).toBeLessThanOrEqual(2500);
    expect(await cache.get('k0')).toBe('y'.repeat(900));
    expect(await cache.get('k4')).toBe('y'.repeat(900));
    for (const k of [1, 2, 3]) expect(await cache.get(`k${k}`)).toBeUndefined();
  });
});

describe('staying within the bound at the end of a process (settle)', () => {
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const usageOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'v2.usage.json'), 'utf8'));
  const bytesOnDisk = (dir: string) => entries(dir).reduce((sum, f) => sum + readFileSync(f).length, 0);

  it('walks the entries once, then adds what each later process wrote to the usage it measured', async () => {
    const dir = fresh();
    const reader = new DiskCache<string, number>(dir, { maxBytes: 100_000 });
    await reader.get('nothing');
    expect(await reader.settle()).toBe('unchanged'); // wrote nothing
    const first = new DiskCache<string, number>(dir, { maxBytes: 100_000 });
    await first.set('a', 'x'.repeat(1000), 1);
    expect(await first.settle()).toBe('pruned'); // no usage measured yet
    expect(usageOf(dir).bytes).toBe(bytesOnDisk(dir));
    for (const key of ['b', 'c']) {
      const later = new DiskCache<string, number>(dir, { maxBytes: 100_000 });
      await later.set(key, 'x'.repeat(1000), 1);
      expect(await later.settle()).toBe('counted');
      expect(usageOf(dir).bytes).toBe(bytesOnDisk(dir));
    }
  });

  it('walks and evicts when the usage would pass 90% of the bound', async () => {
    const dir = fresh();
    const make = () => new DiskCache<string, number>(dir, { maxBytes: 4000 });
    const first = make();
    await first.set('a', 'x'.repeat(1500), 1);
    expect(await first.settle()).toBe('pruned');
    const second = make();
    await second.set('b', 'x'.repeat(1500), 1);
    expect(await second.settle()).toBe('counted'); // two entries of ~1,560 bytes: within 90% of 4,000
    const third = make();
    await third.set('c', 'x'.repeat(1500), 1);
    expect(await third.settle()).toBe('pruned'); // three would pass it: walked, the oldest evicted
    expect(bytesOnDisk(dir)).toBeLessThanOrEqual(4000);
    expect(usageOf(dir).bytes).toBe(bytesOnDisk(dir));
  });

  it('walks when the usage is a day old, unreadable or from the future', async () => {
    const dir = fresh();
    const first = new DiskCache<string, number>(dir);
    await first.set('a', 'x', 1);
    expect(await first.settle()).toBe('pruned');
    for (const usage of [
      JSON.stringify({ bytes: 10, at: Date.now() - 25 * 60 * 60 * 1000 }),
      '{ not json',
      JSON.stringify({ bytes: 10, at: Date.now() + 60 * 60 * 1000 }),
      JSON.stringify({ bytes: 'ten', at: Date.now() }),
    ]) {
      writeFileSync(join(dir, 'v2.usage.json'), usage);
      const later = new DiskCache<string, number>(dir);
      await later.set('b', 'y', 1);
      expect(await later.settle()).toBe('pruned');
      expect(usageOf(dir).bytes).toBe(bytesOnDisk(dir));
    }
  });
});
