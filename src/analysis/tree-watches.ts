import { watch, type FSWatcher } from 'node:fs';
import type { WalkTrail } from '../engine/discovery.js';
import type { TreeScan } from './tree-signature.js';

// A tree's scan (a stat per file, a listing per directory: ~2 ms of CPU for 220 files, the
// largest part of a cached call) kept while the file system says nothing changed. Each
// directory a scan listed is watched with Node's fs.watch (one inotify watch per directory,
// armed synchronously); any event in any of them marks the trees holding it dirty, and a dirty
// tree is scanned again at its next call.
//
// Why an answer is never older than the call: an edit finished before the call was made has
// already queued its event in the kernel (inotify queues it inside the write, rename or
// utimes). Every call first waits for one turn of the event loop (`settle`): the poll phase
// that delivered the call (or an earlier one) also reads the pending events, and Node emits
// fs.watch events synchronously there, before the check phase where setImmediate resumes us.
// Events that come while a scan runs leave the tree dirty, so that scan is used once, not kept.
//
// When watching cannot say it (the scan is used for this call only and the next call scans):
// a directory of the tree was not yet watched when the scan started (its events before the
// watch would be lost: the first two calls on a tree both scan), a symbolic link to a file
// was followed (its target's directory is not watched), the trees would need more than
// `maxDirs` watches, or watching failed (inotify's limit). Trust also ends after `trustMs`:
// inotify drops events when its queue (16,384 by default) overflows while the process is
// busy, and Node does not report the overflow; a time bound caps how long that can go unseen.
// Symlinked directories are never entered by discovery, so every directory read is watched.

export interface TreeWatchOptions {
  /** Directories watched at most, over all trees (one inotify watch each). */
  maxDirs?: number;
  /** Trees kept at most (least recently used go). */
  maxTrees?: number;
  /** How long a scan is trusted without a new one, in ms. */
  trustMs?: number;
  now?: () => number;
}

export interface TreeWatchStats {
  /** Calls answered from a watched scan (no walk). */
  hits: number;
  /** Walks made (first calls, changes, untrusted trees). */
  scans: number;
  trees: number;
  watchedDirs: number;
  /** Why the last tree that could not be watched was not, if one was not. */
  lastUnwatched?: string;
}

interface Tree {
  scan: TreeScan | undefined;
  dirs: Set<string>;
  dirty: boolean;
  trusted: boolean;
  scannedAt: number;
}

interface DirWatch {
  watcher: FSWatcher;
  trees: Set<Tree>;
  /** An event came: the directory may have been replaced at its path, so it is watched anew. */
  fired: boolean;
}

/** One turn of the event loop: file-system events already in the kernel's queue are delivered. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class TreeWatches {
  private readonly trees = new Map<string, Tree>();
  private readonly dirs = new Map<string, DirWatch>();
  private readonly maxDirs: number;
  private readonly maxTrees: number;
  private readonly trustMs: number;
  private readonly now: () => number;
  private hits = 0;
  private scans = 0;
  private lastUnwatched: string | undefined;

  constructor(options: TreeWatchOptions = {}) {
    this.maxDirs = options.maxDirs ?? 20_000;
    this.maxTrees = options.maxTrees ?? 64;
    this.trustMs = options.trustMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  stats(): TreeWatchStats {
    return {
      hits: this.hits,
      scans: this.scans,
      trees: this.trees.size,
      watchedDirs: this.dirs.size,
      ...(this.lastUnwatched ? { lastUnwatched: this.lastUnwatched } : {}),
    };
  }

  /**
   * The scan of a tree (key: its discovery options), from the last one when nothing changed
   * since, else from `walk`, which must fill the trail it is given. Callers wait for `settle()`
   * first; calls with one key do not overlap (the caller joins them in a single flight); if they did, each would
   * still be right for itself.
   */
  async scan(key: string, walk: (trail: WalkTrail) => Promise<TreeScan>): Promise<TreeScan> {
    const kept = this.trees.get(key);
    if (kept) {
      this.trees.delete(key); // re-inserted below: insertion order = recency
      this.trees.set(key, kept);
      if (kept.scan && kept.trusted && !kept.dirty && this.now() - kept.scannedAt < this.trustMs) {
        this.hits++;
        return kept.scan;
      }
    }
    const tree = kept ?? this.add(key);
    const watchedBefore = new Set<string>();
    for (const dir of tree.dirs) {
      const watched = this.dirs.get(dir);
      if (watched?.fired) this.rewatch(dir, watched);
      if (this.dirs.has(dir)) watchedBefore.add(dir);
    }
    tree.dirty = false;
    tree.scan = undefined;
    this.scans++;
    const trail: WalkTrail = { dirs: [], followedLinks: false };
    const scan = await walk(trail);
    if (this.trees.get(key) !== tree) return scan; // evicted meanwhile
    tree.scan = scan;
    tree.scannedAt = this.now();
    tree.trusted = this.follow(tree, trail) && trail.dirs.every((d) => watchedBefore.has(d));
    return scan;
  }

  /** Stop watching everything (shutdown). */
  close(): void {
    for (const d of this.dirs.values()) d.watcher.close();
    this.dirs.clear();
    this.trees.clear();
  }

  private add(key: string): Tree {
    const tree: Tree = { scan: undefined, dirs: new Set(), dirty: false, trusted: false, scannedAt: 0 };
    this.trees.set(key, tree);
    for (const [oldKey, old] of this.trees) {
      if (this.trees.size <= this.maxTrees) break;
      this.trees.delete(oldKey);
      this.release(old, old.dirs);
    }
    return tree;
  }

  /** Watch the directories of a tree's new scan, stop watching those it left; false if it cannot be watched. */
  private follow(tree: Tree, trail: WalkTrail): boolean {
    const now = new Set(trail.dirs);
    this.release(
      tree,
      [...tree.dirs].filter((d) => !now.has(d)),
    );
    const unwatched =
      trail.dirs.length === 0
        ? 'not a directory walk'
        : trail.followedLinks
          ? 'a symbolic link to a file was followed'
          : this.dirs.size + trail.dirs.filter((d) => !this.dirs.has(d)).length > this.maxDirs
            ? `more than ${this.maxDirs} directories watched`
            : undefined;
    if (unwatched) return this.giveUp(tree, unwatched);
    for (const dir of trail.dirs) {
      let watched = this.dirs.get(dir);
      if (!watched) {
        const made = this.watchDir(dir);
        if (typeof made === 'string') return this.giveUp(tree, made);
        watched = { watcher: made, trees: new Set(), fired: false };
        this.dirs.set(dir, watched);
      }
      watched.trees.add(tree);
      tree.dirs.add(dir);
    }
    return true;
  }

  private giveUp(tree: Tree, reason: string): false {
    this.lastUnwatched = reason;
    this.release(tree, tree.dirs);
    return false;
  }

  private release(tree: Tree, dirs: Iterable<string>): void {
    for (const dir of [...dirs]) {
      tree.dirs.delete(dir);
      const watched = this.dirs.get(dir);
      if (!watched) continue;
      watched.trees.delete(tree);
      if (watched.trees.size === 0) {
        watched.watcher.close();
        this.dirs.delete(dir);
      }
    }
  }

  private rewatch(dir: string, watched: DirWatch): void {
    watched.watcher.close();
    const made = this.watchDir(dir);
    if (typeof made === 'string') {
      // Gone or unwatchable now: its trees are scanned again and find out.
      for (const tree of watched.trees) tree.dirs.delete(dir);
      this.dirs.delete(dir);
      return;
    }
    watched.watcher = made;
    watched.fired = false;
  }

  /** A watcher on one directory, or why there is none. */
  private watchDir(dir: string): FSWatcher | string {
    let watcher: FSWatcher;
    try {
      // Not persistent: watching never keeps the process alive.
      watcher = watch(dir, { persistent: false }, () => this.changed(dir));
    } catch (error) {
      return `watching ${dir} failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
    // An error (the directory went away, the watch was dropped) is a change like any other.
    watcher.on('error', () => this.changed(dir));
    return watcher;
  }

  private changed(dir: string): void {
    const watched = this.dirs.get(dir);
    if (!watched) return;
    watched.fired = true;
    for (const tree of watched.trees) tree.dirty = true;
  }
}
