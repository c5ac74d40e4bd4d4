import { realpath, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ToolError } from '../envelope/errors.js';

export interface ResolvedPath {
  /** Real absolute path (symlinks resolved). */
  absolute: string;
  /** The root it lies under (real path). */
  root: string;
  /** Relative to that root, with '/'; '' for the root itself. */
  relative: string;
  isDirectory: boolean;
}

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/**
 * The directories a client may reach. Every user path is resolved through `..` and symlinks
 * (realpath) before the check, so neither `../../etc` nor a symlink pointing out escapes.
 */
export class Roots {
  readonly dirs: string[];

  constructor(dirs: string[]) {
    this.dirs = dirs.map((d) => {
      try {
        return realpathSync(resolve(d));
      } catch {
        throw new ToolError('PATH_NOT_FOUND', `Root directory ${d} does not exist.`);
      }
    });
  }

  async resolve(userPath: string): Promise<ResolvedPath> {
    const lexical = isAbsolute(userPath) ? resolve(userPath) : resolve(this.dirs[0]!, userPath);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      // Do not reveal whether a path outside the roots exists.
      if (!this.dirs.some((r) => within(r, lexical))) throw this.outside(userPath);
      throw new ToolError('PATH_NOT_FOUND', `No such file or directory: ${userPath}`, { path: userPath });
    }
    const root = this.dirs.find((r) => within(r, real));
    if (!root) throw this.outside(userPath);
    const info = await stat(real);
    return {
      absolute: real,
      root,
      relative: relative(root, real).split(sep).join('/'),
      isDirectory: info.isDirectory(),
    };
  }

  private outside(userPath: string): ToolError {
    return new ToolError('PATH_OUTSIDE_ROOT', `${userPath} is outside the allowed roots.`, {
      path: userPath,
      roots: this.dirs,
    });
  }
}
