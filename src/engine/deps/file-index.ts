import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The files a resolver may point to: the analysed files first, then the file system under
 * the root (an analysis of one file still resolves its imports). Answers are memoised:
 * resolution probes the same candidates over and over.
 */
export class FileIndex {
  private readonly known: Set<string>;
  private readonly byDir = new Map<string, string[]>();
  private readonly probed = new Map<string, boolean>();
  private readonly listed = new Map<string, string[]>();

  constructor(
    readonly root: string,
    paths: Iterable<string>,
  ) {
    this.known = new Set(paths);
    for (const path of this.known) {
      const dir = posix.dirname(path);
      const list = this.byDir.get(dir === '.' ? '' : dir) ?? [];
      list.push(path);
      this.byDir.set(dir === '.' ? '' : dir, list);
    }
  }

  /** Normalises a root-relative path; undefined when it leaves the root. */
  static clean(path: string): string | undefined {
    const norm = posix.normalize(path);
    if (norm === '.') return '';
    if (norm.startsWith('../') || norm === '..' || norm.startsWith('/')) return undefined;
    return norm.replace(/\/$/, '');
  }

  isAnalysed(path: string): boolean {
    return this.known.has(path);
  }

  isFile(path: string | undefined): path is string {
    if (path === undefined || path === '') return false;
    if (this.known.has(path)) return true;
    let found = this.probed.get(path);
    if (found === undefined) {
      try {
        found = statSync(`${this.root}/${path}`).isFile();
      } catch {
        found = false;
      }
      this.probed.set(path, found);
    }
    return found;
  }

  /** Files directly in a directory (analysed ones and those on disk), sorted. */
  listDir(dir: string): string[] {
    let list = this.listed.get(dir);
    if (list) return list;
    const names = new Set(this.byDir.get(dir) ?? []);
    try {
      for (const entry of readdirSync(dir === '' ? this.root : `${this.root}/${dir}`, { withFileTypes: true })) {
        if (entry.isFile()) names.add(dir === '' ? entry.name : `${dir}/${entry.name}`);
      }
    } catch {
      // a directory that does not exist has no files
    }
    list = [...names].sort();
    this.listed.set(dir, list);
    return list;
  }

  readText(path: string): string | undefined {
    try {
      return readFileSync(`${this.root}/${path}`, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Nearest directory from `dir` up to the root holding `name`, or undefined. */
  findUp(dir: string, name: string): string | undefined {
    for (let d: string | undefined = dir; d !== undefined; d = parentDir(d)) {
      if (this.isFile(d === '' ? name : `${d}/${name}`)) return d;
    }
    return undefined;
  }
}

/** Parent of a root-relative directory; undefined above the root. */
export function parentDir(dir: string): string | undefined {
  if (dir === '') return undefined;
  const slash = dir.lastIndexOf('/');
  return slash < 0 ? '' : dir.slice(0, slash);
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function joinPath(dir: string, rel: string): string | undefined {
  return FileIndex.clean(dir === '' ? rel : `${dir}/${rel}`);
}
