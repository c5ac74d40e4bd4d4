import { RenameTracker } from './renames.js';
import { gitFailed, startGit } from './run-git.js';

// Which lines of today's files the recent commits changed, from `git log -p --unified=0`:
// each hunk header says which lines a commit replaced, in the file as that commit left it.
// Commits are read newest first, so every newer commit of the file has been read before an
// older one; a line of the older commit is carried forward through the newer commits' hunks
// to where it is today. An approximation: changes that reached the branch through merge
// commits are not seen (merges are not read), nor are uncommitted edits of the working tree.

/** One hunk: `count` lines at `start` (before) became `newCount` lines at `newStart` (after). */
export interface Hunk {
  start: number;
  count: number;
  newStart: number;
  newCount: number;
}

/** Lines of today's file, first and last, both included. */
export type LineRange = [first: number, last: number];

/**
 * Where line `line` of the file before the commit of `hunks` is after it. A line the commit
 * removed goes to the lines that replaced it: the first of them for a range's first line, the
 * last for its last line (a removal without replacement leaves an empty range).
 */
export function carryLine(line: number, hunks: readonly Hunk[], end: 'first' | 'last'): number {
  let shift = 0;
  for (const h of hunks) {
    if (h.count === 0) {
      // Lines inserted after line h.start.
      if (line <= h.start) break;
      shift += h.newCount;
      continue;
    }
    if (line < h.start) break;
    if (line < h.start + h.count) {
      if (h.newCount === 0) return end === 'first' ? h.newStart + 1 : h.newStart;
      return end === 'first' ? h.newStart : h.newStart + h.newCount - 1;
    }
    shift += h.newCount - h.count;
  }
  return line + shift;
}

/** The lines a commit's hunks changed, in the file as the commit left it. */
function changedLines(hunks: readonly Hunk[]): LineRange[] {
  // A pure removal changed the place between two lines: count the line before it.
  return hunks.map((h) =>
    h.newCount === 0 ? [Math.max(1, h.newStart), Math.max(1, h.newStart)] : [h.newStart, h.newStart + h.newCount - 1],
  );
}

/** One file's commits, newest first, and the lines each changed in today's file. */
export class FileLineage {
  /** Hunks of the commits read so far, newest first. */
  private readonly newer: Hunk[][] = [];
  /** Per commit read, newest first: the ranges of today's file it changed (empty when its lines are gone). */
  readonly commits: LineRange[][] = [];

  add(hunks: readonly Hunk[]): void {
    const today: LineRange[] = [];
    for (const [first, last] of changedLines(hunks)) {
      let a = first;
      let b = last;
      for (let k = this.newer.length - 1; k >= 0; k--) {
        a = carryLine(a, this.newer[k]!, 'first');
        b = carryLine(b, this.newer[k]!, 'last');
      }
      if (a <= b) today.push([a, b]);
    }
    this.commits.push(today);
    this.newer.push([...hunks].sort((x, y) => x.start - y.start));
  }
}

/** Parses a C-quoted path as git writes one (`"a\tb\303\251.ts"`), or returns it as it is. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const inner = text.slice(1, -1);
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = inner[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(inner.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A path of a `+++ b/…` or `rename to …` line, without its prefix and git's trailing tab. */
function headerPath(text: string, prefix: string): string {
  const unquoted = unquotePath(text.endsWith('\t') ? text.slice(0, -1) : text);
  return unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}

/**
 * Reads `git log -p --unified=0 --format=C%x09%H` line by line into one FileLineage per
 * wanted file (by today's path), at most `perFile` commits each. Hunk bodies are skipped by
 * the counts in their headers, so a changed line that looks like a header is never read as one.
 */
export class HunkReader {
  readonly lineages = new Map<string, FileLineage>();
  private readonly renames = new RenameTracker();
  private path: string | undefined;
  private renameFrom: string | undefined;
  private hunks: Hunk[] = [];
  private skipRemoved = 0;
  private skipAdded = 0;

  constructor(
    private readonly wanted: ReadonlySet<string>,
    private readonly perFile: number,
  ) {}

  /** Every wanted file has its commits: the rest of the log is not needed. */
  get satisfied(): boolean {
    if (this.lineages.size < this.wanted.size) return false;
    for (const l of this.lineages.values()) if (l.commits.length < this.perFile) return false;
    return true;
  }

  push(line: string): void {
    if (this.skipRemoved > 0 && line.startsWith('-')) return void this.skipRemoved--;
    if (this.skipAdded > 0 && line.startsWith('+')) return void this.skipAdded--;
    if (line.startsWith('\\')) return; // "\ No newline at end of file"
    this.skipRemoved = 0;
    this.skipAdded = 0;
    if (line.startsWith('C\t')) return this.commit();
    if (line.startsWith('diff --git ')) return this.file();
    if (line.startsWith('rename from ')) this.renameFrom = headerPath(line.slice(12), '');
    else if (line.startsWith('rename to ')) this.path = headerPath(line.slice(10), '');
    else if (line.startsWith('+++ '))
      this.path = line === '+++ /dev/null' ? undefined : headerPath(line.slice(4), 'b/');
    else if (line.startsWith('@@ ')) this.hunk(line);
  }

  end(): Map<string, FileLineage> {
    this.commit();
    return this.lineages;
  }

  private hunk(line: string): void {
    const m = HUNK.exec(line);
    if (!m) return;
    const h = {
      start: Number(m[1]),
      count: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newCount: m[4] === undefined ? 1 : Number(m[4]),
    };
    this.skipRemoved = h.count;
    this.skipAdded = h.newCount;
    if (this.path !== undefined) this.hunks.push(h);
  }

  /** The file block read so far is complete: its hunks go to today's file they belong to. */
  private file(): void {
    if (this.path !== undefined) {
      const today = this.renames.current(this.path);
      if (this.renameFrom !== undefined) this.renames.renamed(this.renameFrom, this.path);
      const lineage = this.wanted.has(today) ? this.lineageOf(today) : undefined;
      if (lineage && lineage.commits.length < this.perFile && this.hunks.length > 0) lineage.add(this.hunks);
    }
    this.path = undefined;
    this.renameFrom = undefined;
    this.hunks = [];
  }

  private commit(): void {
    this.file();
    this.renames.endCommit();
  }

  private lineageOf(path: string): FileLineage {
    let l = this.lineages.get(path);
    if (!l) {
      l = new FileLineage();
      this.lineages.set(path, l);
    }
    return l;
  }
}

export interface LineChangeRequest {
  cwd: string;
  since: string;
  /** Today's paths (relative to cwd) and, for each, the names it had before (renames). */
  files: { path: string; formerNames: readonly string[] }[];
  /** Most commits read per file, newest first. */
  perFile: number;
  signal?: AbortSignal | undefined;
}

/** The lines of today's files changed by each of their most recent commits (at most perFile each). */
export async function readLineChanges(request: LineChangeRequest): Promise<Map<string, FileLineage>> {
  if (request.files.length === 0) return new Map();
  const names = request.files.flatMap((f) => [f.path, ...f.formerNames]);
  const args = [
    'log',
    '--no-merges',
    '-M',
    '-p',
    '--unified=0',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--relative',
    `--since=${request.since}`,
    '--format=C%x09%H',
    'HEAD',
    '--',
    ...names,
  ];
  const run = startGit(args, { cwd: request.cwd, signal: request.signal });
  const reader = new HunkReader(new Set(request.files.map((f) => f.path)), request.perFile);
  let stoppedEarly = false;
  try {
    for await (const line of run.pieces('\n')) {
      // Checked at each commit: the rest of the log is not needed once every file has its commits.
      if (line.startsWith('C\t') && reader.satisfied) {
        stoppedEarly = true;
        run.stop();
        break;
      }
      reader.push(line);
    }
  } catch (error) {
    run.stop();
    throw error;
  }
  const { code, stderr } = await run.exit;
  if (!stoppedEarly && code !== 0 && code !== null) throw gitFailed('git log -p', code, stderr, request.cwd);
  return reader.end();
}
