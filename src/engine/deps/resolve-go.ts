import { dirOf, joinPath } from './file-index.js';
import { fileTargets, type Resolution, type ResolveContext } from './types.js';

// Go resolves per package: an import of a path under the module path of the nearest
// go.mod points to every .go file of that directory. `_test.go` files are left out: they
// are compiled only into the package's own tests, never into an importer. Files of
// another package in the same directory (`//go:build ignore` generators in `package main`)
// are not part of the imported package: the package is the name most non-test files
// declare, preferring any name over `main` (ties: alphabetical). The module
// `std` (Go's own src/ tree) owns every path without a dot in its first element. Any
// other path without a dot is the standard library (builtin); the rest are external.

interface GoModule {
  dir: string;
  path: string;
}

export class GoResolver {
  private readonly modules = new Map<string, GoModule | undefined>();
  private readonly packageNames = new Map<string, string>();
  constructor(private readonly ctx: ResolveContext) {
    for (const file of ctx.files)
      if (file.language === 'go' && file.packageName) this.packageNames.set(file.path, file.packageName);
  }

  resolve(from: string, spec: string): Resolution {
    const mod = this.moduleOf(dirOf(from));
    const firstHasDot = (spec.split('/')[0] ?? '').includes('.');
    if (mod) {
      let sub: string | undefined;
      if (spec === mod.path || spec.startsWith(`${mod.path}/`)) sub = spec.slice(mod.path.length + 1);
      else if (mod.path === 'std' && !firstHasDot) sub = spec;
      if (sub !== undefined) {
        const files = this.packageFiles(joinPath(mod.dir, sub));
        if (files.length > 0 || mod.path !== 'std') return fileTargets(files);
      }
    }
    return { kind: firstHasDot ? 'external' : 'builtin', name: spec };
  }

  private packageFiles(dir: string | undefined): string[] {
    if (dir === undefined) return [];
    const files = this.ctx.index.listDir(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    const name = mainPackage(files.map((f) => this.packageNames.get(f)));
    // Files not analysed have no known package name; they are kept.
    return name === undefined ? files : files.filter((f) => (this.packageNames.get(f) ?? name) === name);
  }

  private moduleOf(dir: string): GoModule | undefined {
    if (!this.modules.has(dir)) {
      const found = this.ctx.index.findUp(dir, 'go.mod');
      const text =
        found === undefined ? undefined : this.ctx.index.readText(found === '' ? 'go.mod' : `${found}/go.mod`);
      const path = text?.match(/^\s*module\s+("?)([^\s"]+)\1/m)?.[2];
      this.modules.set(dir, found !== undefined && path ? { dir: found, path } : undefined);
    }
    return this.modules.get(dir);
  }
}

function mainPackage(names: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of names) if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  const ranked = [...counts].sort(
    ([a, ca], [b, cb]) => Number(a === 'main') - Number(b === 'main') || cb - ca || (a < b ? -1 : a > b ? 1 : 0),
  );
  return ranked[0]?.[0];
}
