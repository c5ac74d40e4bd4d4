import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import { DEFAULT_SKIPPED_DIRS, pathFilter, type PathFilter } from './discovery/filters.js';
import { GitignoreStack } from './discovery/gitignore.js';
import { languageOf } from './languages.js';
import type { AnalyzeOptions, Language, SkippedFile } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** What discovery needs of the analysis options (the same fields, one definition). */
export type DiscoveryOptions = Pick<
  AnalyzeOptions,
  'path' | 'root' | 'include' | 'exclude' | 'languages' | 'maxFileSize' | 'gitignore' | 'signal' | 'files'
>;

export interface DiscoveredFile {
  abs: string;
  /** Relative to the root, with '/'. */
  rel: string;
  language: Language;
  size: number;
  /** With size and inode: the stat signature that tells an unchanged file without reading it. */
  mtimeMs: number;
  ino: number;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedFile[];
}

/**
 * What a walk read besides the files, for a caller that watches the tree (analysis/tree-watches.ts):
 * every directory listed or whose .gitignore applies, and whether a symbolic link to a file was
 * followed (its target's directory is not among them).
 */
export interface WalkTrail {
  dirs: string[];
  followedLinks: boolean;
}

interface Walk {
  opts: DiscoveryOptions;
  trail: WalkTrail | undefined;
  rootReal: string;
  filter: PathFilter;
  maxSize: number;
  out: DiscoveryResult;
}

/**
 * The files to analyse under a file or directory, sorted by path. Symbolic links are
 * followed only to files whose real path is inside the root; linked directories are never
 * entered (no loops, no escape). Unknown extensions are passed over silently; files that
 * cannot be analysed for a reason the caller should know about land in `skipped`, and so do
 * directories that cannot be listed (see `walkDir`).
 */
export async function discoverFiles(opts: DiscoveryOptions, trail?: WalkTrail): Promise<DiscoveryResult> {
  const walk: Walk = {
    opts,
    trail,
    rootReal: await realpath(opts.root),
    filter: pathFilter(opts.include, opts.exclude, opts.languages),
    maxSize: opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    out: { files: [], skipped: [] },
  };
  const info = await stat(opts.path);
  if (opts.files) await addListedFiles(walk, opts.files);
  else if (info.isDirectory()) await walkTree(walk);
  else addExplicitFile(walk, opts.path, info);
  walk.out.files.sort((a, b) => compare(a.rel, b.rel));
  walk.out.skipped.sort((a, b) => compare(a.path, b.path));
  return walk.out;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function relPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** A file named explicitly is analysed whatever .gitignore and the globs say. */
function addExplicitFile(walk: Walk, abs: string, info: { size: number; mtimeMs: number; ino: number }): void {
  const rel = relPath(walk.opts.root, abs) || basename(abs);
  const language = languageOf(abs);
  if (!language || (walk.opts.languages?.length && !walk.opts.languages.includes(language))) {
    walk.out.skipped.push({ path: rel, reason: 'unsupported-language' });
  } else addSized(walk, { abs, rel, language, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
}

function addSized(walk: Walk, file: DiscoveredFile): void {
  if (file.size > walk.maxSize) {
    walk.out.skipped.push({
      path: file.rel,
      reason: 'too-large',
      detail: `${file.size} bytes > limit ${walk.maxSize}`,
    });
  } else walk.out.files.push(file);
}

const GITIGNORE = Buffer.from('.gitignore');

async function initialIgnores(walk: Walk): Promise<GitignoreStack> {
  let stack = GitignoreStack.empty();
  if (walk.opts.gitignore === false) return stack;
  const rel = relPath(walk.opts.root, walk.opts.path);
  const parts = rel === '' ? [] : rel.split('/');
  // The .gitignore files between the root and the analysed directory apply too.
  for (let i = 0; i <= parts.length; i++) {
    const dirRel = parts.slice(0, i).join('/');
    const abs = dirRel === '' ? walk.opts.root : `${walk.opts.root}/${dirRel}`;
    // The analysed directory itself is recorded when it is listed.
    if (i < parts.length) walk.trail?.dirs.push(abs);
    stack = await stack.enter(abs, dirRel);
  }
  return stack;
}

interface PendingDir {
  abs: string;
  rel: string;
  ignores: GitignoreStack;
}

/**
 * Breadth first, a whole level of directories at a time: listing a directory and reading its
 * .gitignore wait on the disk, and one directory after another made a walk of Django's 400
 * directories take most of a second. Results are sorted by the caller, so order is free.
 */
async function walkTree(walk: Walk): Promise<void> {
  let level: PendingDir[] = [
    { abs: walk.opts.path, rel: relPath(walk.opts.root, walk.opts.path), ignores: await initialIgnores(walk) },
  ];
  while (level.length > 0) {
    walk.opts.signal?.throwIfAborted();
    const next = await Promise.all(level.map((dir) => walkDir(walk, dir)));
    level = next.flat();
  }
}

/**
 * One directory: its files are added (stat in parallel), its subdirectories returned. Walk
 * errors are data, as in the Rust walk (crates/engine/src/discovery.rs): a directory that
 * cannot be listed is skipped as `unreadable-directory` with its error code, and an entry
 * whose name is not UTF-8 (no path string can reach it) as `unreadable-directory` or, for a
 * file, `unreadable`, with `EILSEQ`, under its name as decoded with U+FFFD replacements.
 */
async function walkDir(walk: Walk, dir: PendingDir): Promise<PendingDir[]> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(dir.abs, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    walk.out.skipped.push({
      path: dir.rel === '' ? '.' : dir.rel,
      reason: 'unreadable-directory',
      detail: errorCode(error),
    });
    return [];
  }
  walk.trail?.dirs.push(dir.abs);
  // The listing says whether there is a .gitignore to read: no failed open per directory.
  const ownGitignore = dir.rel !== '' && walk.opts.gitignore !== false && entries.some((e) => e.name.equals(GITIGNORE));
  const ignores = ownGitignore ? await dir.ignores.enter(dir.abs, dir.rel) : dir.ignores;
  const subdirs: PendingDir[] = [];
  const pending: Promise<void>[] = [];
  for (const entry of entries) {
    const name = entry.name.toString('utf8');
    const abs = `${dir.abs}/${name}`;
    const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
    if (entry.isDirectory()) {
      if (DEFAULT_SKIPPED_DIRS.has(name) || ignores.ignores(rel, true) || !walk.filter.enterDir(rel)) continue;
      if (isUtf8(entry.name)) subdirs.push({ abs, rel, ignores });
      else walk.out.skipped.push({ path: rel, reason: 'unreadable-directory', detail: 'EILSEQ' });
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const language = languageOf(name);
      if (!language || ignores.ignores(rel, false) || !walk.filter.acceptFile(rel, language)) continue;
      if (isUtf8(entry.name)) pending.push(addWalkedFile(walk, { abs, rel, language }, entry.isSymbolicLink()));
      else walk.out.skipped.push({ path: rel, reason: 'unreadable', detail: 'EILSEQ' });
    }
  }
  await Promise.all(pending);
  return subdirs;
}

function errorCode(error: unknown): string {
  return String((error as NodeJS.ErrnoException).code ?? error);
}

/** Files named by the caller (found by its own walk), checked as walked files are. */
async function addListedFiles(walk: Walk, files: readonly string[]): Promise<void> {
  await Promise.all(
    files.map(async (rel) => {
      const abs = `${walk.opts.root}/${rel}`;
      const language = languageOf(rel);
      if (!language) return void walk.out.skipped.push({ path: rel, reason: 'unsupported-language' });
      const isLink = await lstat(abs).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      await addWalkedFile(walk, { abs, rel, language }, isLink);
    }),
  );
}

async function addWalkedFile(
  walk: Walk,
  file: Omit<DiscoveredFile, 'size' | 'mtimeMs' | 'ino'>,
  isLink: boolean,
): Promise<void> {
  try {
    if (isLink) {
      if (walk.trail) walk.trail.followedLinks = true;
      const target = await realpath(file.abs);
      if (target !== walk.rootReal && !target.startsWith(walk.rootReal + sep)) return;
    }
    const info = await stat(file.abs);
    if (info.isFile()) addSized(walk, { ...file, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
  } catch (error) {
    if (isLink) return; // a dangling link is not a file
    const code = errorCode(error);
    if (code === 'ENOENT') walk.out.skipped.push({ path: file.rel, reason: 'vanished' });
    else walk.out.skipped.push({ path: file.rel, reason: 'unreadable', detail: code });
  }
}
