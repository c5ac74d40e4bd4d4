import { readFile, stat } from 'node:fs/promises';
import type { DiskCache } from '../cache/disk-cache.js';
import { contentHash, fileCacheKey, optionsHash } from '../cache/keys.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import type { CacheStats, ResultCache } from '../cache/types.js';
import type { DiscoveredFile } from '../engine/discovery.js';
import type { Engine, FileAnalysis } from '../engine/types.js';
import { HEAD_RECORD_VERSION, recordOf, type HeadRecord } from './file-heads.js';

// Where a per-file result can be found, nearest first. Two keys name a result:
// - the stat key (engine, version, root, path, size, mtime, inode): the fast path, no byte is
//   read; the memory tier and the disk tier use it;
// - the content key (hash of the bytes, engine version, language): valid wherever those bytes
//   are — a touched, renamed or copied file, another instance of the fleet; the content tier in
//   memory and the Redis tier use it. A file is read and hashed only when the stat tiers miss.
// Every tier a result was not found in gets it once it is known, so the next lookup is nearer.
// A scan asks for heads: the disk tier answers with the head record stored beside the result,
// without parsing the result, which is fetched (and put in memory) only for the files a page
// shows. A head is not a result: such a hit is kept in a memory tier of heads (by stat key), so
// a server's repeated scans of a tree it found on disk do not open every entry again.

export type Tier = 'memory' | 'disk' | 'content' | 'redis';

export const TIERS: readonly Tier[] = ['memory', 'disk', 'content', 'redis'];

/** Hits per tier, and misses (files the engine analysed), for one call. */
export interface TierUse {
  hits: number;
  misses: number;
  tiers: Record<Tier, number>;
}

export function emptyUse(): TierUse {
  return { hits: 0, misses: 0, tiers: { memory: 0, disk: 0, content: 0, redis: 0 } };
}

export interface TierSet {
  memory: MemoryLruCache<FileAnalysis>;
  /** Its heads are HeadRecords (unknown to the cache layer, which must not import this one). */
  disk?: DiskCache<FileAnalysis, unknown> | undefined;
  content: ResultCache<FileAnalysis>;
  redis?: ResultCache<FileAnalysis> | undefined;
}

/** What the keys of one analysis share besides the file: paths are relative to the root; the pass. */
export interface Pass {
  root: string;
  maxFileSize: number;
  importsOnly: boolean;
}

/** What a lookup learned about a file, so that storing its fresh result needs no second read. */
export interface Lookup {
  file: DiscoveredFile;
  statKey: string;
  /** Set once the file was read and hashed (only when the stat tiers missed). */
  contentKey?: string;
  found?: FileAnalysis;
  /** Found instead of a full result, when the lookup asked for heads (the disk tier's). */
  head?: HeadRecord;
}

/**
 * Whether a file still has the stat its scan saw. An engine reads the file after the lookup
 * did: a file written in between would put a result under keys that name other bytes, which
 * the content key (valid forever) must never do. Such a file is analysed again next time.
 */
async function unchanged(f: DiscoveredFile): Promise<boolean> {
  return sameStat(f, await stat(f.abs).catch(() => undefined));
}

/** Whether a stat taken after reading is the one the scan saw (see unchanged). */
export function sameStat(f: DiscoveredFile, now: { size: number; mtimeMs: number; ino: number } | undefined): boolean {
  return now !== undefined && now.size === f.size && now.mtimeMs === f.mtimeMs && now.ino === f.ino;
}

/** A tier that fails (Redis down, disk full) costs speed, never a result. */
const soft = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

/** A head's size for the memory bound: its numbers and imports, roughly (no JSON made per entry). */
const headSize = (h: HeadRecord) => 256 + 8 * h.complexity.length + 96 * h.imports.length + 128 * h.top.length;

export class FileTiers {
  /** The part of the stat keys that one pass shares (see statKey). */
  private keyPrefix?: { engine: Engine; pass: Pass; text: string };
  /** Heads found on disk, by stat key: the memory tier of a scan that did not need full results. */
  private readonly heads: MemoryLruCache<HeadRecord>;

  /** `hashing: false` skips the content tiers: a one-shot run without Redis, where nothing could hit them. */
  constructor(
    readonly tiers: TierSet,
    private readonly hashing = true,
  ) {
    this.heads = new MemoryLruCache<HeadRecord>({ maxEntries: 50_000, maxBytes: 64 * 1024 * 1024, sizeOf: headSize });
  }

  /**
   * A result of the imports-only pass is another result than a full one: its own keys. The key
   * is the JSON of [engine, version, root, importsOnly, path, size, mtime, inode]; the part a
   * pass shares is made once per pass (the engine's version is long, and a scan makes a key per file).
   */
  private statKey(engine: Engine, pass: Pass, f: DiscoveredFile): string {
    let shared = this.keyPrefix;
    if (shared?.engine !== engine || shared.pass !== pass) {
      shared = {
        engine,
        pass,
        text: JSON.stringify([engine.kind, engine.version, pass.root, pass.importsOnly]).slice(0, -1),
      };
      this.keyPrefix = shared;
    }
    return `${shared.text},${JSON.stringify(f.rel)},${f.size},${f.mtimeMs},${f.ino}]`;
  }

  /** `heads`: a head record will do where a tier has one (a scan); else the full result (a page's details). */
  async find(engine: Engine, pass: Pass, file: DiscoveredFile, use: TierUse, heads = false): Promise<Lookup> {
    const { memory, disk, content, redis } = this.tiers;
    const look: Lookup = { file, statKey: this.statKey(engine, pass, file) };
    const hit = (tier: Tier, value: FileAnalysis): Lookup => {
      use.hits++;
      use.tiers[tier]++;
      look.found = value.path === file.rel ? value : { ...value, path: file.rel };
      return look;
    };
    const near = await memory.get(look.statKey);
    if (near) return hit('memory', near);
    if (disk && heads) {
      const headHit = (tier: Tier, head: HeadRecord): Lookup => {
        use.hits++;
        use.tiers[tier]++;
        look.head = head;
        return look;
      };
      const kept = await this.heads.get(look.statKey);
      if (kept) return headHit('memory', kept);
      // The head stored beside the result: the result stays on disk until a page asks for it.
      const head = (await disk.head(look.statKey)) as HeadRecord | undefined;
      if (head?.v === HEAD_RECORD_VERSION) {
        await this.heads.set(look.statKey, head);
        return headHit('disk', head);
      }
    } else if (disk) {
      const onDisk = await disk.get(look.statKey);
      if (onDisk) {
        await this.keep(look, onDisk, 'disk');
        return hit('disk', onDisk);
      }
    }
    // Too large or unreadable: the engine says why, as a skipped entry. The bytes are hashed,
    // not decoded (a decoded copy of every file would be garbage for the collector).
    if (!this.hashing || file.size > pass.maxFileSize) return look;
    const bytes = await readFile(file.abs).catch(() => undefined);
    if (!bytes) return look;
    look.contentKey = fileCacheKey(
      contentHash(bytes),
      `${engine.kind}@${engine.version}`,
      optionsHash({ language: file.language, importsOnly: pass.importsOnly || undefined }),
    );
    const inContent = await soft(content.get(look.contentKey));
    if (inContent) {
      await this.keep(look, inContent, 'content');
      return hit('content', inContent);
    }
    const shared = redis ? await soft(redis.get(look.contentKey)) : undefined;
    if (shared) {
      await this.keep(look, shared, 'redis');
      return hit('redis', shared);
    }
    return look;
  }

  /**
   * Stores a result in every tier nearer than the one it was found in (all of them for a
   * fresh result): the stat tiers always, the content tiers when the lookup hashed the file.
   * `'fresh, stat checked'`: a fresh result whose caller compared the stat after its own read
   * (sameStat), so it is not taken again here.
   */
  async keep(look: Lookup, value: FileAnalysis, foundIn?: Tier | 'fresh, stat checked'): Promise<void> {
    if (foundIn === undefined && !(await unchanged(look.file))) return;
    const from = foundIn === 'fresh, stat checked' ? undefined : foundIn;
    const { memory, disk, content, redis } = this.tiers;
    const nearer = (tier: Tier) => from === undefined || TIERS.indexOf(tier) < TIERS.indexOf(from);
    const own = value.path === look.file.rel ? value : { ...value, path: look.file.rel };
    await memory.set(look.statKey, own);
    if (nearer('disk')) await disk?.set(look.statKey, own, recordOf(own));
    if (!look.contentKey) return;
    if (nearer('content')) await soft(content.set(look.contentKey, own));
    if (nearer('redis') && redis) await soft(redis.set(look.contentKey, own));
  }

  stats(): {
    memory: CacheStats;
    disk?: ReturnType<DiskCache<FileAnalysis, unknown>['stats']>;
    content: CacheStats;
    redis?: CacheStats;
  } {
    const { memory, disk, content, redis } = this.tiers;
    return {
      memory: memory.stats(),
      ...(disk ? { disk: disk.stats() } : {}),
      content: content.stats(),
      ...(redis ? { redis: redis.stats() } : {}),
    };
  }
}
