// The content-hash cache of per-file results. The key is derived from the file's bytes,
// the engine version and the analysis options, so a hit is always valid: no invalidation
// by time is needed for correctness, only for space.

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface ResultCache<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  stats(): CacheStats;
}
