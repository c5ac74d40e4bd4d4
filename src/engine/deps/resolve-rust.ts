import type { RawImport } from '../types.js';
import { RUST_BUILTIN_CRATES } from './builtins.js';
import { dirOf, joinPath, type FileIndex } from './file-index.js';
import { UNRESOLVED, type Resolution, type ResolveContext } from './types.js';

// Rust: the crate is found from the nearest Cargo.toml (its src/lib.rs, else src/main.rs).
// Files outside src/ (tests/, examples/, benches/, build.rs) and src/bin/*.rs are crate
// roots of their own. `mod x;` → x.rs or x/mod.rs next to a directory owner (mod.rs,
// lib.rs, main.rs, any crate root), else in the directory named after the file.
// `use crate::a::b::C` → the deepest module file of the path that exists (C may be an
// item, b an inline module): a/b/C.rs, a/b.rs, a.rs, then the crate root. A use that
// lands in the importing file itself names its own items and is not an edge. A path
// whose first segment is a module the file declares (`mod config; use config::X;`) is
// read as `self::`; other first segments are crates: std/core/alloc/… are builtin.

interface Crate {
  srcDir: string;
  rootFile: string | undefined;
}

export class RustResolver {
  private readonly crates = new Map<string, Crate>();
  constructor(private readonly ctx: ResolveContext) {}

  resolve(from: string, imp: RawImport, declaredMods: ReadonlySet<string>): Resolution {
    const spec = imp.specifier;
    if (spec.startsWith('mod:')) return this.resolveMod(from, spec.slice(4).split('::'));
    const segments = spec.split('::');
    const first = segments[0]!;
    const crate = this.crateOf(from);
    const local = localPath(segments, modulePath(from, crate), declaredMods);
    if (local === 'external') return { kind: RUST_BUILTIN_CRATES.has(first) ? 'builtin' : 'external', name: first };
    const target = local === undefined ? undefined : this.deepestModule(crate, local);
    if (target === undefined) return UNRESOLVED;
    // Resolved, but into the importing file itself: not an edge.
    return { kind: 'file', targets: target === from ? [] : [target] };
  }

  private resolveMod(from: string, names: string[]): Resolution {
    const crate = this.crateOf(from);
    const base = isDirectoryOwner(from, crate) ? dirOf(from) : from.slice(0, -'.rs'.length);
    const file = moduleFile(this.ctx.index, joinPath(base, names.join('/')));
    return file ? { kind: 'file', targets: [file] } : UNRESOLVED;
  }

  private deepestModule(crate: Crate, path: string[]): string | undefined {
    for (let n = path.length; n > 0; n--) {
      const file = moduleFile(this.ctx.index, joinPath(crate.srcDir, path.slice(0, n).join('/')));
      if (file) return file;
    }
    return crate.rootFile;
  }

  private crateOf(from: string): Crate {
    const dir = dirOf(from);
    let crate = this.crates.get(dir);
    if (!crate) {
      const manifest = this.ctx.index.findUp(dir, 'Cargo.toml');
      // Without a manifest, the nearest directory with a crate root file stands in for src/.
      const srcDir =
        manifest === undefined
          ? (this.ctx.index.findUp(dir, 'lib.rs') ?? this.ctx.index.findUp(dir, 'main.rs') ?? dir)
          : manifest === ''
            ? 'src'
            : `${manifest}/src`;
      const roots = ['lib.rs', 'main.rs'].map((f) => (srcDir === '' ? f : `${srcDir}/${f}`));
      crate = { srcDir, rootFile: roots.find((f) => this.ctx.index.isFile(f)) };
      this.crates.set(dir, crate);
    }
    if (!isUnder(from, crate.srcDir) || isBinRoot(from, crate.srcDir)) return { srcDir: dir, rootFile: from };
    // A main.rs next to a lib.rs is the root of a binary crate of its own.
    if (from === (crate.srcDir === '' ? 'main.rs' : `${crate.srcDir}/main.rs`))
      return { srcDir: crate.srcDir, rootFile: from };
    return crate;
  }
}

/** The crate-relative module path a use path names; undefined when `super` climbs past the crate root. */
function localPath(
  segments: string[],
  own: string[],
  declaredMods: ReadonlySet<string>,
): string[] | 'external' | undefined {
  const first = segments[0]!;
  if (first === 'crate') return segments.slice(1);
  if (first === 'self') return [...own, ...segments.slice(1)];
  if (declaredMods.has(first)) return [...own, ...segments];
  if (first !== 'super') return 'external';
  let ups = 0;
  while (segments[ups] === 'super') ups++;
  return ups > own.length ? undefined : [...own.slice(0, own.length - ups), ...segments.slice(ups)];
}

function isUnder(file: string, dir: string): boolean {
  return dir === '' || file.startsWith(`${dir}/`);
}

function isBinRoot(file: string, srcDir: string): boolean {
  const rel = srcDir === '' ? file : file.slice(srcDir.length + 1);
  return /^bin\/[^/]+\.rs$/.test(rel) || /^bin\/[^/]+\/main\.rs$/.test(rel);
}

function isDirectoryOwner(file: string, crate: Crate): boolean {
  return file === crate.rootFile || /(^|\/)(mod|lib|main)\.rs$/.test(file);
}

/** Module path of a file inside its crate: src/a/b.rs and src/a/b/mod.rs → [a, b]. */
function modulePath(file: string, crate: Crate): string[] {
  if (file === crate.rootFile) return [];
  const rel = crate.srcDir === '' ? file : file.slice(crate.srcDir.length + 1);
  const parts = rel.slice(0, -'.rs'.length).split('/');
  if (parts[parts.length - 1] === 'mod') parts.pop();
  return parts;
}

function moduleFile(index: FileIndex, path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  return [`${path}.rs`, `${path}/mod.rs`].find((c) => index.isFile(c));
}
