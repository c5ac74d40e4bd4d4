import type { ImportFacts, RawImport } from '../types.js';
import { JAVA_BUILTIN_PREFIXES } from './builtins.js';
import { UNRESOLVED, type Resolution, type ResolveContext } from './types.js';

// Java: `import a.b.C` → the analysed file that declares `package a.b` and the type C
// (the file C.java, as javac requires of public types, else a file whose top-level
// symbols include C). A nested type `a.b.Outer.Inner` resolves to Outer's file. A
// wildcard → every file of the package. An import of a package that the analysed files
// declare but that finds no file is unresolved; other packages are builtin (the JDK)
// or external. Same-package references need no import and are not edges.

export class JavaResolver {
  private readonly packages = new Map<string, ImportFacts[]>();
  constructor(ctx: ResolveContext) {
    for (const file of ctx.files) {
      if (file.language !== 'java' || file.packageName === undefined) continue;
      const list = this.packages.get(file.packageName) ?? [];
      list.push(file);
      this.packages.set(file.packageName, list);
    }
  }

  resolve(imp: RawImport): Resolution {
    const wildcard = imp.specifier.endsWith('.*');
    const dotted = wildcard ? imp.specifier.slice(0, -2) : imp.specifier;
    if (wildcard) {
      const files = this.packages.get(dotted);
      if (files) return { kind: 'file', targets: files.map((f) => f.path).sort() };
    }
    const segments = dotted.split('.');
    // Longest package first, so a.b.Outer.Inner tries package a.b.Outer, then a.b + Outer.
    for (let i = segments.length - 1; i >= 1; i--) {
      const file = this.typeFile(segments.slice(0, i).join('.'), segments[i]!);
      if (file) return { kind: 'file', targets: [file] };
    }
    return this.notLocal(dotted, segments, wildcard);
  }

  private typeFile(pkg: string, type: string): string | undefined {
    const files = this.packages.get(pkg);
    if (!files) return undefined;
    const byName = files.find((f) => f.path.endsWith(`/${type}.java`) || f.path === `${type}.java`);
    return (byName ?? files.find((f) => f.symbols.some((s) => s.name === type)))?.path;
  }

  private notLocal(dotted: string, segments: string[], wildcard: boolean): Resolution {
    // The package is the part before the first capitalised segment (the type).
    const typeAt = segments.findIndex((s) => /^[A-Z]/.test(s));
    const pkg = wildcard && typeAt < 0 ? dotted : segments.slice(0, typeAt < 0 ? -1 : typeAt).join('.');
    if (this.packages.has(pkg)) return UNRESOLVED;
    if (JAVA_BUILTIN_PREFIXES.some((p) => `${pkg}.`.startsWith(p))) return { kind: 'builtin', name: pkg };
    return { kind: 'external', name: pkg };
  }
}
