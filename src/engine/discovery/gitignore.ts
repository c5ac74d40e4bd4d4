import { readFile } from 'node:fs/promises';
import ignore, { type Ignore } from 'ignore';

// Nested .gitignore files: each applies to paths relative to its own directory, and a
// deeper file overrides a shallower one (git's precedence), so the deepest matcher that
// has an opinion about a path decides. An ignored directory is never entered, so nothing
// under it can be re-included, as in git.

interface Layer {
  /** Directory of the .gitignore, relative to the root ('' for the root itself). */
  dir: string;
  matcher: Ignore;
}

export class GitignoreStack {
  private constructor(private readonly layers: readonly Layer[]) {}

  static empty(): GitignoreStack {
    return new GitignoreStack([]);
  }

  /** The stack for a directory: this one plus the directory's own .gitignore if it has one. */
  async enter(absDir: string, relDir: string): Promise<GitignoreStack> {
    let text: string;
    try {
      text = await readFile(`${absDir}/.gitignore`, 'utf8');
    } catch {
      return this;
    }
    return new GitignoreStack([...this.layers, { dir: relDir, matcher: ignore().add(text) }]);
  }

  ignores(relPath: string, isDir: boolean): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const local = layer.dir === '' ? relPath : relPath.slice(layer.dir.length + 1);
      const result = layer.matcher.test(isDir ? `${local}/` : local);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}
