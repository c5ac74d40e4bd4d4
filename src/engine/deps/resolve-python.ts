import { basename } from 'node:path';
import type { RawImport } from '../types.js';
import { PYTHON_STDLIB } from './builtins.js';
import { dirOf, joinPath, parentDir, type FileIndex } from './file-index.js';
import { fileTargets, UNRESOLVED, type Resolution, type ResolveContext } from './types.js';

// Python: a module `a.b` is `a/b.py` or the package `a/b/__init__.py`. `from X import n`
// points to the submodule X/n when it exists (also in namespace packages without
// __init__.py), else to X itself. Absolute imports are searched from the root, then
// `src/`, then, when the root is itself a package (has __init__.py), from its parent, so
// that analysing `django/` resolves `django.db`. `import a.b` points to a/b only, not to
// the __init__.py files Python also runs on the way.

interface SearchRoot {
  dir: string;
  /** Leading module segment that names the root itself (the root-is-a-package case). */
  prefix?: string;
}

export class PythonResolver {
  private readonly searchRoots: SearchRoot[];
  constructor(private readonly ctx: ResolveContext) {
    this.searchRoots = [{ dir: '' }, { dir: 'src' }];
    if (ctx.index.isFile('__init__.py')) this.searchRoots.push({ dir: '', prefix: basename(ctx.root) });
  }

  resolve(from: string, imp: RawImport): Resolution {
    const level = imp.level ?? 0;
    const parts = imp.specifier
      .slice(level)
      .split('.')
      .filter((p) => p.length > 0);
    if (level > 0) {
      let base: string | undefined = dirOf(from);
      for (let i = 1; i < level && base !== undefined; i++) base = parentDir(base);
      if (base === undefined) return UNRESOLVED;
      // `from . import x`: the module is the package directory itself, only its __init__.py.
      return fileTargets(moduleTargets(this.ctx.index, joinPath(base, parts.join('/')), imp.names, parts.length === 0));
    }
    for (const root of this.searchRoots) {
      if (root.prefix !== undefined && parts[0] !== root.prefix) continue;
      const rest = root.prefix !== undefined ? parts.slice(1) : parts;
      const targets = moduleTargets(this.ctx.index, joinPath(root.dir, rest.join('/')), imp.names);
      if (targets.length > 0) return { kind: 'file', targets };
    }
    const top = parts[0] ?? '';
    return { kind: PYTHON_STDLIB.has(top) ? 'builtin' : 'external', name: top };
  }
}

function moduleFile(index: FileIndex, path: string | undefined, packageOnly = false): string | undefined {
  if (path === undefined) return undefined;
  const init = path === '' ? '__init__.py' : `${path}/__init__.py`;
  const candidates = packageOnly || path === '' ? [init] : [`${path}.py`, init];
  return candidates.find((c) => index.isFile(c));
}

/** Submodules named by `from X import a, b` first, and X itself when a name is not one. */
function moduleTargets(
  index: FileIndex,
  path: string | undefined,
  names: string[] | undefined,
  packageOnly = false,
): string[] {
  if (path === undefined) return [];
  const targets = new Set<string>();
  let needsModule = !names || names.length === 0;
  for (const name of names ?? []) {
    const sub = name === '*' ? undefined : moduleFile(index, joinPath(path, name.replace(/\./g, '/')));
    if (sub) targets.add(sub);
    else needsModule = true;
  }
  if (needsModule) {
    const own = moduleFile(index, path, packageOnly);
    if (own) targets.add(own);
  }
  return [...targets].sort();
}
