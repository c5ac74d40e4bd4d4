import { createHash } from 'node:crypto';
import { discoverFiles, type DiscoveryOptions, type DiscoveryResult, type WalkTrail } from '../engine/discovery.js';

export interface TreeScan {
  /** Hash of every file the analysis takes (path, size, mtime, inode) and of what it skips. */
  signature: string;
  found: DiscoveryResult;
}

/**
 * What a tree looks like, without reading a file: the files an analysis would take with their
 * stat, and a signature of them. Equal signatures mean the same files with the same stat,
 * which is what ESLint's and dependency-cruiser's caches trust too (a write that keeps size,
 * mtime to the millisecond and inode goes unseen).
 */
export async function scanTree(options: DiscoveryOptions, trail?: WalkTrail): Promise<TreeScan> {
  const found = await discoverFiles(options, trail);
  const hash = createHash('sha256');
  for (const f of found.files) hash.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\0${f.ino}\n`);
  for (const s of found.skipped) hash.update(`skip\0${s.path}\0${s.reason}\n`);
  return { signature: hash.digest('hex').slice(0, 16), found };
}
