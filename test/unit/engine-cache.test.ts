import { describe, expect, it } from 'vitest';
import { contentHash, fileCacheKey, optionsHash } from '../../src/cache/keys.js';
import { MemoryLruCache } from '../../src/cache/memory-lru.js';

describe('MemoryLruCache', () => {
  it('evicts the least recently used entry beyond maxEntries; a get refreshes recency', async () => {
    const cache = new MemoryLruCache<number>({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(await cache.get('a')).toBe(1);
    await cache.set('c', 3);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
    expect(cache.stats()).toMatchObject({ entries: 2, hits: 3, misses: 1 });
  });

  it('keeps the byte total under maxBytes and refuses a value larger than the budget', async () => {
    const cache = new MemoryLruCache<string>({ maxBytes: 10, sizeOf: (v) => v.length });
    await cache.set('a', 'xxxx');
    await cache.set('b', 'yyyy');
    await cache.set('c', 'zzzz');
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 8 });
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('huge', 'x'.repeat(11));
    expect(await cache.get('huge')).toBeUndefined();
    expect(cache.stats().bytes).toBe(8);
  });

  it('replaces, deletes and clears with exact byte accounting', async () => {
    const cache = new MemoryLruCache<string>({ sizeOf: (v) => v.length });
    await cache.set('a', 'xx');
    await cache.set('a', 'xxxxx');
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 5 });
    await cache.delete('a');
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    await cache.set('b', 'x');
    await cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('cache keys', () => {
  it('depend on the bytes, the engine version and the options, not on option order', () => {
    const bytes = Buffer.from('const x = 1;\n');
    const hash = contentHash(bytes);
    expect(hash).toBe(contentHash(Buffer.from('const x = 1;\n')));
    expect(hash).not.toBe(contentHash(Buffer.from('const x = 2;\n')));
    expect(optionsHash({ language: 'typescript', a: 1 })).toBe(
      optionsHash({ a: 1, language: 'typescript', b: undefined }),
    );
    const ts = fileCacheKey(hash, 'v1', optionsHash({ language: 'typescript' }));
    expect(fileCacheKey(hash, 'v1', optionsHash({ language: 'javascript' }))).not.toBe(ts);
    expect(fileCacheKey(hash, 'v2', optionsHash({ language: 'typescript' }))).not.toBe(ts);
  });
});
