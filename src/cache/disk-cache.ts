import * as crypto from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Per-file results kept on disk between runs, for the command line and single-instance
// servers: a second run over an unchanged tree reads results instead of parsing. One file per
// entry, named by the hash of its key, holding the key too: a foreign, corrupt or colliding
// entry is ignored (and replaced on the next write). Writes go to a temporary file renamed into
// place, so concurrent processes never see half an entry; the last writer of a key wins, and
// every writer writes the same value for the same key. Bounded: past maxBytes the least
// recently used entries (by mtime, refreshed on read) are removed.
//
// An entry is two JSON texts, one line each: a header (format, key, the body's length in bytes
// and a small head of the value, chosen by the writer) and the body (the whole value). A warm
// scan needs the heads only: it reads the first few kilobytes and parses one short line, not
// the whole result (over the Go stdlib, 56 MB of JSON parsed down to heads was most of a warm
// run). The body's length in the header makes a truncated entry a miss even when its header
// is whole.

/** Also the name of the entries' directory: entries of another format are never read. */
const FORMAT = 2;
const OLDER_FORMATS = [1];
const RECENCY_MS = 60 * 60 * 1000;
const NEWLINE = 0x0a;
/** Enough for the header of nearly every entry (a Go file's is ~1 KB); a longer one costs a second read. */
const HEADER_READ = 16 * 1024;
// Reads are synchronous, so one buffer serves every head read of the process.
const scratch = Buffer.allocUnsafe(HEADER_READ);

// One call instead of three (a warm scan hashes every key): crypto.hash, Node 20.12 and later.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export interface DiskCacheOptions {
  /** Default 1 GiB. */
  maxBytes?: number;
}

interface Header<H> {
  format: number;
  key: string;
  /** The body's length in bytes. */
  bytes: number;
  head: H;
}

export class DiskCache<V, H = unknown> {
  private readonly dir: string;
  private readonly root: string;
  private readonly maxBytes: number;
  private hits = 0;
  private misses = 0;
  private writes = 0;
  /** Bytes this process wrote: what settle() adds to the usage the last prune measured. */
  private writtenBytes = 0;
  private readonly usagePath: string;

  constructor(dir: string, options: DiskCacheOptions = {}) {
    this.dir = dir;
    this.root = join(dir, `v${FORMAT}`);
    this.usagePath = join(dir, `v${FORMAT}.usage.json`);
    this.maxBytes = options.maxBytes ?? 1024 * 1024 * 1024;
  }

  private pathOf(key: string): string {
    const hash = sha256(key);
    return `${this.root}/${hash.slice(0, 2)}/${hash.slice(2)}.json`;
  }

  /** The whole value stored under a key. */
  get(key: string): Promise<V | undefined> {
    return this.read(key, (fd) => {
      const all = readFileSync(fd);
      const nl = all.indexOf(NEWLINE);
      return this.header(key, all, nl, all.length) && (JSON.parse(all.toString('utf8', nl + 1)) as V);
    });
  }

  /** The head stored with the value under a key, without reading or parsing the value. */
  head(key: string): Promise<H | undefined> {
    return this.read(key, (fd, size) => {
      let text = scratch.subarray(0, readSync(fd, scratch, 0, HEADER_READ, 0));
      let nl = text.indexOf(NEWLINE);
      if (nl < 0 && text.length < size) {
        text = readFileSync(fd);
        nl = text.indexOf(NEWLINE);
      }
      return this.header(key, text, nl, size)?.head;
    });
  }

  /** The entry's header if it is one of ours, for this key, and the entry is whole. */
  private header(key: string, text: Buffer, nl: number, size: number): Header<H> | undefined {
    if (nl < 0) return undefined;
    const header = JSON.parse(text.toString('utf8', 0, nl)) as Header<H>;
    if (header?.format !== FORMAT || header.key !== key || nl + 1 + header.bytes !== size || header.head === undefined)
      return undefined;
    return header;
  }

  private async read<T>(key: string, parse: (fd: number, size: number) => T | undefined): Promise<T | undefined> {
    const path = this.pathOf(key);
    let fd: number | undefined;
    try {
      // Synchronous on purpose: an entry's header is a kilobyte, and four trips through libuv's
      // thread pool per entry (open, stat, read, close) cost more than the reads themselves
      // (a warm run over the Go stdlib spent most of its time waiting on them).
      fd = openSync(path, 'r');
      const info = fstatSync(fd);
      const value = parse(fd, info.size);
      if (value === undefined) throw new Error('foreign entry');
      this.hits++;
      // Recency for eviction, at most once an hour per entry: a touch on every read was an
      // eighth of a warm run.
      if (Date.now() - info.mtimeMs > RECENCY_MS) {
        const now = new Date();
        await utimes(path, now, now).catch(() => undefined);
      }
      return value;
    } catch {
      this.misses++;
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  async set(key: string, value: V, head: H): Promise<void> {
    const path = this.pathOf(key);
    const tmp = `${path}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      const body = JSON.stringify(value);
      const header = JSON.stringify({ format: FORMAT, key, bytes: Buffer.byteLength(body), head } satisfies Header<H>);
      await mkdir(join(path, '..'), { recursive: true });
      const entry = `${header}\n${body}`;
      await writeFile(tmp, entry);
      await rename(tmp, path);
      this.writes++;
      this.writtenBytes += Buffer.byteLength(entry);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined); // a full or read-only disk costs speed, never a result
    }
  }

  /**
   * Removes the least recently used entries past maxBytes, stray temporary files, and the
   * entries of older formats (never read again).
   */
  async prune(): Promise<{ entries: number; bytes: number; removed: number }> {
    const startedAt = Date.now();
    for (const format of OLDER_FORMATS) await this.removeAll(join(this.dir, `v${format}`));
    const files = await entriesIn(this.root);
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
    // Entries written meanwhile by other processes are on top: they count them when they settle.
    await this.writeUsage({ bytes, at: startedAt });
    this.writtenBytes = 0;
    return { entries: files.length - removed, bytes, removed };
  }

  /**
   * Keeps the cache within its bound at the end of a process that wrote to it, without walking
   * every entry when it need not: a prune stats each entry (2.5 s for the 34,000 entries a few
   * corpora leave here, after a run that wrote one). The usage the last prune measured is kept
   * beside the entries; a process adds what it wrote to it and walks only when that passes 90%
   * of the bound, the usage is a day old, or it cannot be read. Two processes settling at once may
   * lose one's addition: the usage then reads low, and the next walk (within a day) corrects it.
   */
  async settle(): Promise<'unchanged' | 'counted' | 'pruned'> {
    if (this.writes === 0) return 'unchanged';
    const usage = await this.readUsage();
    if (usage && Date.now() - usage.at < USAGE_MAX_AGE_MS && usage.bytes + this.writtenBytes <= this.maxBytes * 0.9) {
      await this.writeUsage({ bytes: usage.bytes + this.writtenBytes, at: usage.at });
      this.writtenBytes = 0;
      return 'counted';
    }
    await this.prune();
    return 'pruned';
  }

  private async readUsage(): Promise<Usage | undefined> {
    try {
      const usage = JSON.parse(await readFile(this.usagePath, 'utf8')) as Partial<Usage>;
      return typeof usage.bytes === 'number' && typeof usage.at === 'number' && usage.at <= Date.now()
        ? { bytes: usage.bytes, at: usage.at }
        : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeUsage(usage: Usage): Promise<void> {
    const tmp = `${this.usagePath}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, JSON.stringify(usage));
      await rename(tmp, this.usagePath);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /**
   * The entries (files named like ours, nothing else) of a directory of another format, then the directory if empty.
   */
  private async removeAll(root: string): Promise<void> {
    for (const f of await entriesIn(root)) if (ENTRY_NAME.test(f.name)) await rm(f.path, { force: true });
    for (const shard of await readdir(root).catch(() => [] as string[]))
      await rmdir(join(root, shard)).catch(() => undefined);
    await rmdir(root).catch(() => undefined);
  }

  stats(): { hits: number; misses: number; writes: number } {
    return { hits: this.hits, misses: this.misses, writes: this.writes };
  }
}

/** The bytes of the entries the last prune left, and when it started (epoch ms). */
interface Usage {
  bytes: number;
  at: number;
}

const USAGE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** An entry or its temporary file, below a format's directory: shard/hash.json[.pid.random.tmp]. */
const ENTRY_NAME = /^[0-9a-f]{2}\/[0-9a-f]{62}\.json(\.\d+\.[0-9a-f]{8}\.tmp)?$/;

interface EntryFile {
  path: string;
  /** shard/file, relative to the format's directory. */
  name: string;
  size: number;
  mtimeMs: number;
}

async function entriesIn(root: string): Promise<EntryFile[]> {
  const files: EntryFile[] = [];
  for (const shard of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, shard)).catch(() => [] as string[])) {
      const path = join(root, shard, name);
      const info = await stat(path).catch(() => undefined);
      if (info) files.push({ path, name: `${shard}/${name}`, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return files;
}
