import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Per-file results kept on disk between runs, for the command line and single-instance
// servers: a second run over an unchanged tree reads results instead of parsing. One file per
// entry, named by the hash of its key, holding the key too: a foreign, corrupt or colliding
// entry is ignored (and replaced on the next write). Writes go to a temporary file renamed into
// place, so concurrent processes never see half an entry; the last writer of a key wins, and
// every writer writes the same value for the same key. Bounded: past maxBytes the least
// recently used entries (by mtime, refreshed on read) are removed.

const FORMAT = 1;
const RECENCY_MS = 60 * 60 * 1000;

export interface DiskCacheOptions {
  /** Default 1 GiB. */
  maxBytes?: number;
}

interface Entry<V> {
  format: number;
  key: string;
  value: V;
}

export class DiskCache<V> {
  private readonly root: string;
  private readonly maxBytes: number;
  private hits = 0;
  private misses = 0;
  private writes = 0;

  constructor(dir: string, options: DiskCacheOptions = {}) {
    this.root = join(dir, `v${FORMAT}`);
    this.maxBytes = options.maxBytes ?? 1024 * 1024 * 1024;
  }

  private pathOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return join(this.root, hash.slice(0, 2), `${hash.slice(2)}.json`);
  }

  async get(key: string): Promise<V | undefined> {
    const path = this.pathOf(key);
    let fd: number | undefined;
    try {
      // Synchronous on purpose: an entry is a few kilobytes, and four trips through libuv's
      // thread pool per entry (open, stat, read, close) cost more than the reads themselves
      // (a warm run over the Go stdlib spent most of its time waiting on them).
      fd = openSync(path, 'r');
      const info = fstatSync(fd);
      const entry = JSON.parse(readFileSync(fd, 'utf8')) as Entry<V>;
      if (entry?.format !== FORMAT || entry.key !== key || entry.value === undefined) throw new Error('foreign entry');
      this.hits++;
      // Recency for eviction, at most once an hour per entry: a touch on every read was an
      // eighth of a warm run.
      if (Date.now() - info.mtimeMs > RECENCY_MS) {
        const now = new Date();
        await utimes(path, now, now).catch(() => undefined);
      }
      return entry.value;
    } catch {
      this.misses++;
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  async set(key: string, value: V): Promise<void> {
    const path = this.pathOf(key);
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(tmp, JSON.stringify({ format: FORMAT, key, value } satisfies Entry<V>));
      await rename(tmp, path);
      this.writes++;
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined); // a full or read-only disk costs speed, never a result
    }
  }

  /** Removes the least recently used entries past maxBytes (and stray temporary files). */
  async prune(): Promise<{ entries: number; bytes: number; removed: number }> {
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    for (const shard of await readdir(this.root).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.root, shard)).catch(() => [] as string[])) {
        const path = join(this.root, shard, name);
        const info = await stat(path).catch(() => undefined);
        if (info) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
    let bytes = files.reduce((sum, f) => sum + f.size, 0);
    let removed = 0;
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const f of files) {
      const stray = f.path.endsWith('.tmp') && Date.now() - f.mtimeMs > 60_000;
      if (bytes <= this.maxBytes && !stray) continue;
      await rm(f.path, { force: true });
      bytes -= f.size;
      removed++;
    }
    return { entries: files.length - removed, bytes, removed };
  }

  /** Whether this process wrote entries (so a prune is worth its walk). */
  get wrote(): boolean {
    return this.writes > 0;
  }

  stats(): { hits: number; misses: number; writes: number } {
    return { hits: this.hits, misses: this.misses, writes: this.writes };
  }
}
