import type { CacheStats, ResultCache } from './types.js';

export interface MemoryLruOptions<V> {
  /** Default 10,000. */
  maxEntries?: number;
  /** Default 256 MiB, as measured by sizeOf. */
  maxBytes?: number;
  /** Approximate size of a value; default: the length of its JSON. */
  sizeOf?: (value: V) => number;
}

/**
 * An in-memory LRU bounded by entries and by bytes. A Map keeps insertion order, so
 * re-inserting on every hit makes the first key the least recently used. Values are
 * stored as given: callers must treat what they get back as read-only.
 */
export class MemoryLruCache<V> implements ResultCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: V) => number;
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(options: MemoryLruOptions<V> = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 256 * 1024 * 1024);
    this.sizeOf = options.sizeOf ?? ((value) => JSON.stringify(value)?.length ?? 0);
  }

  async get(key: string): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: V): Promise<void> {
    const size = this.sizeOf(value);
    this.removeEntry(key);
    // A value larger than the whole budget would only evict everything else, then itself.
    if (size > this.maxBytes) return;
    this.entries.set(key, { value, size });
    this.bytes += size;
    this.evict();
  }

  async delete(key: string): Promise<void> {
    this.removeEntry(key);
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes };
  }

  private removeEntry(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      this.entries.delete(key);
      this.bytes -= entry.size;
    }
  }
}
