import { RenameTracker } from './renames.js';
import { gitFailed, startGit } from './run-git.js';

// How often each file changed, by how much and by whom, from one `git log --numstat` read as a
// stream. Paths are relative to the directory git ran in (--relative) and are today's paths:
// renames are followed (renames.ts). What is kept grows with the number of paths, never with
// the number of commits.

export interface FileChanges {
  /** Non-merge commits that changed the file. */
  commits: number;
  /** Lines added plus lines deleted over those commits (binary changes count 0). */
  churn: number;
  /** Distinct author names (after .mailmap). */
  authors: number;
}

export interface ChangeHistory {
  /** Non-merge commits read (in the window, touching the directory). */
  commits: number;
  /** By today's path, relative to the directory git ran in. */
  files: Map<string, FileChanges>;
  /** Today's path → the names it had in the window (renames followed), most recent first. */
  formerNames: Map<string, string[]>;
}

interface Counting {
  commits: number;
  churn: number;
  authors: Set<number>;
  /** The last commit counted, so a commit that touches a file under two names counts once. */
  lastCommit: number;
}

const NUMSTAT = /^(\d+|-)\t(\d+|-)\t/;

/**
 * Reads `git log --numstat -z --format=C%x09%aN` output piece by piece (the pieces between NULs).
 * A commit is its header `C<TAB>author`, then one piece per file `added<TAB>deleted<TAB>path`
 * (`-` for binary files); a rename is `added<TAB>deleted<TAB>` followed by the old and the new
 * path as two pieces. With -z git writes paths verbatim, so names with spaces, braces, arrows
 * or tabs read unambiguously (without -z a rename is `dir/{old => new}.ts`, a path in a
 * notation names can collide with).
 */
export class NumstatReader {
  private readonly renames = new RenameTracker();
  private readonly files = new Map<string, Counting>();
  private readonly authorIds = new Map<string, number>();
  private commits = 0;
  private author = -1;
  private rename: { churn: number; from?: string } | undefined;

  push(piece: string): void {
    if (this.rename) return this.renamePath(piece);
    const text = piece.startsWith('\n') ? piece.slice(1) : piece;
    if (text === '') return;
    const stat = NUMSTAT.exec(text);
    if (!stat) return this.header(text);
    const churn = (stat[1] === '-' ? 0 : Number(stat[1])) + (stat[2] === '-' ? 0 : Number(stat[2]));
    const path = text.slice(stat[0].length);
    if (path === '') this.rename = { churn };
    else this.count(path, churn);
  }

  end(): ChangeHistory {
    this.renames.endCommit();
    const files = new Map<string, FileChanges>();
    for (const [path, c] of this.files)
      files.set(path, { commits: c.commits, churn: c.churn, authors: c.authors.size });
    return { commits: this.commits, files, formerNames: this.renames.formerNames };
  }

  private header(text: string): void {
    this.renames.endCommit();
    this.commits++;
    const name = text.startsWith('C\t') ? text.slice(2) : text;
    let id = this.authorIds.get(name);
    if (id === undefined) {
      id = this.authorIds.size;
      this.authorIds.set(name, id);
    }
    this.author = id;
  }

  private renamePath(path: string): void {
    const rename = this.rename!;
    if (rename.from === undefined) {
      rename.from = path;
      return;
    }
    this.rename = undefined;
    this.count(path, rename.churn);
    this.renames.renamed(rename.from, path);
  }

  private count(path: string, churn: number): void {
    const now = this.renames.current(path);
    let c = this.files.get(now);
    if (!c) {
      c = { commits: 0, churn: 0, authors: new Set(), lastCommit: -1 };
      this.files.set(now, c);
    }
    if (c.lastCommit !== this.commits) {
      c.commits++;
      c.lastCommit = this.commits;
    }
    c.churn += churn;
    c.authors.add(this.author);
  }
}

export interface HistoryWindow {
  /** Where git runs: paths come out relative to it, and only its files are read. */
  cwd: string;
  /** Oldest commit date read (committer date, as git's --since), ISO 8601 without milliseconds. */
  since: string;
  signal?: AbortSignal | undefined;
}

/** The arguments of the numstat read (exported for the benchmark and the tests). */
export function numstatArgs(since: string): string[] {
  return [
    'log',
    '--no-merges',
    '-M',
    '--numstat',
    '-z',
    '--no-ext-diff',
    '--no-textconv',
    '--relative',
    `--since=${since}`,
    '--format=C%x09%aN',
    'HEAD',
    '--',
    '.',
  ];
}

/** The change history of every file under window.cwd since window.since (HEAD must name a commit). */
export async function readChangeHistory(window: HistoryWindow): Promise<ChangeHistory> {
  const run = startGit(numstatArgs(window.since), { cwd: window.cwd, signal: window.signal });
  const reader = new NumstatReader();
  try {
    for await (const piece of run.pieces('\0')) reader.push(piece);
  } catch (error) {
    run.stop();
    throw error;
  }
  const { code, stderr } = await run.exit;
  if (code !== 0 && code !== null) throw gitFailed('git log --numstat', code, stderr, window.cwd);
  return reader.end();
}
