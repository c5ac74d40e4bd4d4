import { randomBytes } from 'node:crypto';
import type { DependencyGraph, SkippedFile } from '../engine/types.js';
import type { FileHead, FunctionRanking, TopFunction } from './file-heads.js';

/**
 * Immutable results of whole analyses, named by the cursors of their pages: a later page
 * slices the snapshot instead of analysing the tree again. A snapshot holds each file's head
 * (file-heads.ts), not its full result. Bounded by count, files and age; a snapshot that is
 * gone (evicted, expired, another instance) only costs a fresh analysis, whose tree signature
 * the cursor carries, so pages are never mixed across a change.
 */
export interface Snapshot {
  id: string;
  /** The analysis it holds: engine, path and options (see analysisKey). */
  key: string;
  /** The scan's signature (scanTree), taken before the analysis started. */
  signature: string;
  /** Every file analysed, by path. */
  files: FileHead[];
  skipped: SkippedFile[];
  /** The 10 worst functions of the whole analysis by each ranking. */
  top: Record<FunctionRanking, TopFunction[]>;
  /** Dependency graphs built from it, by their options. */
  graphs: Map<string, Promise<DependencyGraph>>;
  /** Answers built from it, by tool, arguments and page (an immutable snapshot gives the same page every time). */
  pages: Map<string, Promise<unknown>>;
  createdAt: number;
}

export type SnapshotContent = Pick<Snapshot, 'files' | 'skipped' | 'top'>;

export interface SnapshotStoreOptions {
  maxSnapshots?: number;
  /** Files held over all snapshots (the memory they take grows with it). */
  maxFiles?: number;
  ttlMs?: number;
  now?: () => number;
}

export class SnapshotStore {
  private readonly byId = new Map<string, Snapshot>();
  /** The newest snapshot of each analysis and tree signature. */
  private readonly byTree = new Map<string, string>();
  private readonly maxSnapshots: number;
  private readonly maxFiles: number;
  private files = 0;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: SnapshotStoreOptions = {}) {
    this.maxSnapshots = Math.max(1, options.maxSnapshots ?? 16);
    this.maxFiles = Math.max(1, options.maxFiles ?? 500_000);
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  add(key: string, signature: string, content: SnapshotContent): Snapshot {
    const snapshot: Snapshot = {
      id: randomBytes(9).toString('base64url'),
      key,
      signature,
      ...content,
      graphs: new Map(),
      pages: new Map(),
      createdAt: this.now(),
    };
    this.byId.set(snapshot.id, snapshot);
    this.byTree.set(`${key}\0${signature}`, snapshot.id);
    this.files += snapshot.files.length;
    // Oldest first in a Map: evict from the front, never the one just added.
    for (const id of this.byId.keys()) {
      if ((this.byId.size <= this.maxSnapshots && this.files <= this.maxFiles) || id === snapshot.id) break;
      this.remove(id);
    }
    return snapshot;
  }

  get(id: string): Snapshot | undefined {
    const snapshot = this.byId.get(id);
    if (snapshot && this.now() - snapshot.createdAt > this.ttlMs) {
      this.remove(id);
      return undefined;
    }
    return snapshot;
  }

  /** The newest snapshot of an analysis of a tree with this signature, if one is kept. */
  latest(key: string, signature: string): Snapshot | undefined {
    const id = this.byTree.get(`${key}\0${signature}`);
    return id === undefined ? undefined : this.get(id);
  }

  private remove(id: string): void {
    const snapshot = this.byId.get(id);
    if (!snapshot) return;
    this.byId.delete(id);
    const tree = `${snapshot.key}\0${snapshot.signature}`;
    if (this.byTree.get(tree) === id) this.byTree.delete(tree);
    this.files -= snapshot.files.length;
  }

  get size(): number {
    return this.byId.size;
  }
}
