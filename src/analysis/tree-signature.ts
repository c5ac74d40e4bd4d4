import { createHash } from 'node:crypto';
import { discoverFiles, type DiscoveryOptions } from '../engine/discovery.js';

/**
 * What a tree looked like, without reading a file: the hash of every file the analysis would
 * take (path, size, mtime, inode) and of what it would skip. Equal signatures mean the same
 * files with the same stat, which is what ESLint's and dependency-cruiser's caches trust too
 * (a write that keeps size and mtime to the millisecond and the inode goes unseen).
 */
export async function treeSignature(options: DiscoveryOptions): Promise<string> {
  const found = await discoverFiles(options);
  const hash = createHash('sha256');
  for (const f of found.files) hash.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\0${f.ino}\n`);
  for (const s of found.skipped) hash.update(`skip\0${s.path}\0${s.reason}\n`);
  return hash.digest('hex').slice(0, 16);
}
