import { readFile, stat } from 'node:fs/promises';
import type { FileHead } from '../analysis/file-heads.js';
import { contentHash, fileCacheKey, optionsHash } from '../cache/keys.js';
import type { ResultCache } from '../cache/types.js';
import type { FileTags } from '../engine/tags.js';
import type { Engine } from '../engine/types.js';

// The fleet's tier of a file's tags, after the memory and disk tiers (by stat, per instance):
// keyed by content, as the per-file results' Redis tier is (src/analysis/file-tiers.ts), so
// what one instance tagged another finds for the same bytes, at any path, in any checkout. A
// file is read and hashed only when the stat tiers missed. The key names the bytes, the
// language (the same bytes tag differently as .js and as .ts), the engine's tags build and the
// record's shape; a hit is valid for as long as Redis keeps it. Redis is a cache here: its
// errors cost a miss or a dropped write, never an index.

/**
 * The shape of what is stored: bump it when SharedTags changes, or when what the index drops
 * from tags before keeping them (navigation.ts `compact`) changes, so no instance reads records
 * of another shape.
 */
export const TAGS_RECORD_VERSION = 1;

/** A file's tags as the fleet shares them: without the path, which belongs to the file that looks. */
export interface SharedTags {
  v: number;
  language: FileTags['language'];
  definitions: FileTags['definitions'];
  references: FileTags['references'];
  imports: FileTags['imports'];
}

export interface SharedTagsStats {
  hits: number;
  misses: number;
  /**
   * Lookups and writes that failed. An unreachable Redis is not among them: the Redis tier
   * answers its lookups as misses and drops its writes (server_info.features.redis says why).
   */
  errors: number;
  /** Tags sent to Redis. */
  sent: number;
}

/** What the fleet had for files the stat tiers missed; `keys`: the content key of each file read (to store tags). */
export interface FleetLookup {
  found: [FileHead, FileTags][];
  missing: FileHead[];
  keys: Map<FileHead, string>;
}

/** Lookups in flight at once (node-redis pipelines them over its one connection). */
const LOOKUPS_IN_FLIGHT = 32;
/** Writes in flight at once: a cold tree offers every file, each read again to be hashed. */
const WRITES_IN_FLIGHT = 8;

function keyOf(engine: Engine, language: FileTags['language'], bytes: Uint8Array): string {
  return fileCacheKey(
    contentHash(bytes),
    `tags:${engine.kind}@${engine.tagsBuild}:r${TAGS_RECORD_VERSION}`,
    optionsHash({ language }),
  );
}

/** Whether a file still has the stat its scan saw: tags stored by content must be those of the bytes hashed. */
async function unchanged(abs: string, seen: FileHead['stat']): Promise<boolean> {
  const now = await stat(abs).catch(() => undefined);
  return now !== undefined && now.size === seen.size && now.mtimeMs === seen.mtimeMs && now.ino === seen.ino;
}

function recordOf(tags: FileTags): SharedTags {
  const { language, definitions, references, imports } = tags;
  return { v: TAGS_RECORD_VERSION, language, definitions, references, imports };
}

function tagsOf(record: SharedTags | undefined, file: FileHead): FileTags | undefined {
  if (record?.v !== TAGS_RECORD_VERSION || record.language !== file.language) return undefined;
  const { language, definitions, references, imports } = record;
  if (!Array.isArray(definitions) || !Array.isArray(references) || !Array.isArray(imports)) return undefined;
  return { path: file.path, language, definitions, references, imports };
}

export class SharedTagsTier {
  private hits = 0;
  private misses = 0;
  private errors = 0;
  private sent = 0;
  /** Writes not yet done: not awaited by an index, awaited by close(). */
  private readonly writing = new Set<Promise<void>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** `redis`: the shared tier (src/cache/redis-tier.ts) over the server's connection. */
  constructor(private readonly redis: ResultCache<SharedTags>) {}

  /** Only engines that name their tags build share tags (Engine.tagsBuild): another build's are never read. */
  static shares(engine: Engine): boolean {
    return engine.tagsBuild !== undefined;
  }

  stats(): SharedTagsStats {
    return { hits: this.hits, misses: this.misses, errors: this.errors, sent: this.sent };
  }

  /**
   * The tags the fleet has for these files (under `root`), with the looking file's path;
   * the rest are missing. An aborted signal stops the lookups: what is left is missing.
   */
  async find(engine: Engine, root: string, files: readonly FileHead[], signal?: AbortSignal): Promise<FleetLookup> {
    const out: FleetLookup = { found: [], missing: [], keys: new Map() };
    if (!SharedTagsTier.shares(engine)) return { ...out, missing: [...files] };
    const results: (FileTags | undefined)[] = new Array(files.length);
    let next = 0;
    const lookUp = async () => {
      while (next < files.length && !signal?.aborted) {
        const i = next++;
        const f = files[i]!;
        const bytes = await readFile(`${root}/${f.path}`).catch(() => undefined);
        if (!bytes) continue; // the engine says why (vanished, unreadable)
        const key = keyOf(engine, f.language, bytes);
        out.keys.set(f, key);
        const record = await this.redis.get(key).catch(() => {
          this.errors++;
          return undefined;
        });
        results[i] = tagsOf(record, f);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUPS_IN_FLIGHT, files.length) }, lookUp));
    files.forEach((f, i) => {
      const tags = results[i];
      if (tags) out.found.push([f, tags]);
      else out.missing.push(f);
    });
    this.hits += out.found.length;
    this.misses += out.missing.length;
    return out;
  }

  /**
   * Shares tags made here (by the engine, or handed over by the analysis), in the background as
   * the disk writes are. `key`: the content key find() computed; without it the file is read
   * and hashed. Nothing is stored unless the file still has the stat its scan saw.
   */
  offer(engine: Engine, root: string, file: FileHead, tags: FileTags, key?: string): void {
    if (!SharedTagsTier.shares(engine)) return;
    const abs = `${root}/${file.path}`;
    const write = async () => {
      let contentKey = key;
      if (contentKey === undefined) {
        const bytes = await readFile(abs).catch(() => undefined);
        if (!bytes) return;
        contentKey = keyOf(engine, file.language, bytes);
      }
      if (!(await unchanged(abs, file.stat))) return;
      await this.redis.set(contentKey, recordOf(tags));
      this.sent++;
    };
    const writing = this.inTurn(write).catch(() => {
      this.errors++;
    });
    this.writing.add(writing);
    void writing.finally(() => this.writing.delete(writing));
  }

  /** Waits for the writes still in flight. */
  async close(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing]);
  }

  private async inTurn(work: () => Promise<void>): Promise<void> {
    if (this.active < WRITES_IN_FLIGHT) this.active++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
