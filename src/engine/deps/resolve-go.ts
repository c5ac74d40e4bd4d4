import { dirOf, joinPath } from './file-index.js';
import { fileTargets, type Resolution, type ResolveContext } from './types.js';

// Go resolves per package: an import of a path under the module path of the nearest
// go.mod points to every .go file of that directory. `_test.go` files are left out: they
// are compiled only into the package's own tests, never into an importer. The module
// `std` (Go's own src/ tree) owns every path without a dot in its first element. Any
// other path without a dot is the standard library (builtin); the rest are external.

interface GoModule {
  dir: string;
  path: string;
}

export class GoResolver {
  private readonly modules = new Map<string, GoModule | undefined>();
  constructor(private readonly ctx: ResolveContext) {}

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
    return this.ctx.index.listDir(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  }

  private moduleOf(dir: string): GoModule | undefined {
    if (!this.modules.has(dir)) {
      const found = this.ctx.index.findUp(dir, 'go.mod');
      const text = found === undefined ? undefined : this.ctx.index.readText(found === '' ? 'go.mod' : `${found}/go.mod`);
      const path = text?.match(/^\s*module\s+("?)([^\s"]+)\1/m)?.[2];
      this.modules.set(dir, found !== undefined && path ? { dir: found, path } : undefined);
    }
    return this.modules.get(dir);
  }
}
