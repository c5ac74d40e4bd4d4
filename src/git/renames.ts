// Which file a path of an older commit is today. git log walks from the newest commit back;
// when it passes the commit that renamed `old` to `new`, changes to `old` further back belong
// to whatever `new` is now. A rename takes effect only once its whole commit has been read, so
// a commit that renames a → b and creates a new a counts its change of a for the new a.

export class RenameTracker {
  private readonly aliases = new Map<string, string>();
  private pending: [from: string, to: string][] = [];
  /** Current path → the names it had in the commits read (the most recent first). */
  readonly formerNames = new Map<string, string[]>();

  /** The path, as of the newest commit read, of what `path` named in the commit being read. */
  current(path: string): string {
    return this.aliases.get(path) ?? path;
  }

  /** The commit being read renamed `from` to `to` (a path of that commit). */
  renamed(from: string, to: string): void {
    this.pending.push([from, this.current(to)]);
  }

  /** The commit being read is done: its renames apply to the older commits. */
  endCommit(): void {
    for (const [from, now] of this.pending) {
      if (from === now) continue;
      this.aliases.set(from, now);
      const names = this.formerNames.get(now);
      if (names) names.push(from);
      else this.formerNames.set(now, [from]);
    }
    this.pending = [];
  }
}
