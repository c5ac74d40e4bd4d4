import type { FileTags, TagDefinition, TagDefinitionKind, TagReference } from '../engine/tags.js';

// The symbol index: every file's tags, with names bound through imports. A reference is
// resolved to the definition it means when the code says so (a local definition, an import
// of a definition, `this.m()`/`self.m()` inside a class that has `m`); otherwise it stays a
// candidate of every same-named definition with a confidence below 1 — never merged silently.

/** Where one import line of a file points, from the dependency graph's resolution. */
export interface ResolvedImport {
  from: string;
  to: string;
  line: number;
}

export interface SymbolRef {
  path: string;
  def: TagDefinition;
}

export interface Resolution {
  target: SymbolRef;
  /** 1 when the code binds the name to this definition; below 1 for a same-named guess. */
  confidence: number;
}

const CLASS_LIKE: ReadonlySet<TagDefinitionKind> = new Set(['class', 'struct', 'interface', 'trait', 'enum']);

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function symbolId(ref: SymbolRef): string {
  return `${ref.path}#${ref.def.name}@${ref.def.line}`;
}

/** The innermost definition of a file whose lines hold a line (the function a call is written in). */
export function enclosing(tags: FileTags, line: number): TagDefinition | undefined {
  let best: TagDefinition | undefined;
  for (const d of tags.definitions) {
    if (d.line > line || d.endLine < line) continue;
    if (!best || d.line > best.line || (d.line === best.line && d.endLine < best.endLine)) best = d;
  }
  return best;
}

export class SymbolIndex {
  private readonly files = new Map<string, FileTags>();
  private readonly byName = new Map<string, SymbolRef[]>();
  /** file → import line → the file it resolves to. */
  private readonly importTargets = new Map<string, Map<number, string>>();

  constructor(tags: readonly FileTags[], imports: readonly ResolvedImport[]) {
    for (const file of tags) {
      this.files.set(file.path, file);
      for (const def of file.definitions) {
        const list = this.byName.get(def.name);
        if (list) list.push({ path: file.path, def });
        else this.byName.set(def.name, [{ path: file.path, def }]);
      }
    }
    for (const edge of imports) {
      let lines = this.importTargets.get(edge.from);
      if (!lines) this.importTargets.set(edge.from, (lines = new Map()));
      lines.set(edge.line, edge.to);
    }
  }

  get fileCount(): number {
    return this.files.size;
  }

  file(path: string): FileTags | undefined {
    return this.files.get(path);
  }

  allFiles(): IterableIterator<FileTags> {
    return this.files.values();
  }

  definitionsNamed(name: string): readonly SymbolRef[] {
    return this.byName.get(name) ?? [];
  }

  allDefinitions(): IterableIterator<SymbolRef[]> {
    return this.byName.values();
  }

  /** The definition whose name sits at a position (1-based), or whose lines hold it (innermost). */
  definitionAt(path: string, line: number, column?: number): SymbolRef | undefined {
    const tags = this.files.get(path);
    if (!tags) return undefined;
    const exact = tags.definitions.find(
      (d) => d.line === line && (column === undefined || (column >= d.column && column < d.column + d.name.length)),
    );
    if (exact) return { path, def: exact };
    return undefined;
  }

  /** What a use of a name in a file means: one binding, or the candidates with their confidence. */
  resolve(path: string, ref: Pick<TagReference, 'name' | 'line' | 'receiver'>): Resolution[] {
    const tags = this.files.get(path);
    if (!tags) return [];
    if (ref.receiver === undefined) {
      const local = tags.definitions.filter((d) => d.name === ref.name && !d.container);
      if (local.length === 1) return [{ target: { path, def: local[0]! }, confidence: 1 }];
      const imported = this.throughImport(tags, ref.name);
      if (imported) return [{ target: imported, confidence: 1 }];
      const inScope = tags.definitions.filter((d) => d.name === ref.name);
      if (inScope.length === 1) return [{ target: { path, def: inScope[0]! }, confidence: 1 }];
      const samePackage = this.samePackage(tags, ref.name);
      if (samePackage) return [{ target: samePackage, confidence: 1 }];
      // A bare name bound nowhere in the file: a parameter, a local, a global, or a star import.
      return this.guesses(ref.name, (d) => d.exported || d.container === undefined, 0.5);
    }
    if (ref.receiver === 'this' || ref.receiver === 'self') {
      const member = this.ownMember(tags, ref.line, ref.name);
      if (member) return [{ target: member, confidence: 1 }];
    } else {
      const namespace = tags.imports.find((i) => i.name === ref.receiver && i.imported === '*');
      if (namespace) {
        const target = this.importedFile(tags, namespace.line);
        const def = target ? this.exportedIn(target, ref.name) : undefined;
        if (def) return [{ target: def, confidence: 1 }];
      }
    }
    return this.guesses(ref.name, (d) => d.container !== undefined, 0.5);
  }

  /** The file an import line of a file resolves to. */
  importedFile(tags: FileTags, line: number): string | undefined {
    return this.importTargets.get(tags.path)?.get(line);
  }

  private throughImport(tags: FileTags, name: string): SymbolRef | undefined {
    const binding = tags.imports.find((i) => i.name === name);
    if (!binding) return undefined;
    const target = this.importedFile(tags, binding.line);
    if (!target) return undefined;
    return this.exportedIn(target, binding.imported === 'default' ? name : binding.imported);
  }

  private exportedIn(path: string, name: string): SymbolRef | undefined {
    const tags = this.files.get(path);
    const def =
      tags?.definitions.find((d) => d.name === name && d.exported && !d.container) ??
      tags?.definitions.find((d) => d.name === name && !d.container);
    return def ? { path, def } : undefined;
  }

  /** `this.name` / `self.name` inside a class: the class's own member of that name. */
  private ownMember(tags: FileTags, line: number, name: string): SymbolRef | undefined {
    let scope = enclosing(tags, line);
    while (scope && !CLASS_LIKE.has(scope.kind)) {
      const container = scope.container;
      scope = container ? tags.definitions.find((d) => d.name === container && d.line <= scope!.line) : undefined;
    }
    if (!scope) return undefined;
    const className = scope.name;
    const def = tags.definitions.find((d) => d.name === name && d.container === className);
    return def ? { path: tags.path, def } : undefined;
  }

  /**
   * Go and Java see the top-level names of every file of their package (its directory) without
   * an import; unique there, the name is bound.
   */
  private samePackage(tags: FileTags, name: string): SymbolRef | undefined {
    if (tags.language !== 'go' && tags.language !== 'java') return undefined;
    const dir = dirOf(tags.path);
    const found = this.definitionsNamed(name).filter(
      (r) => !r.def.container && r.path !== tags.path && dirOf(r.path) === dir,
    );
    return found.length === 1 ? found[0] : undefined;
  }

  /** Same-named definitions, each with `weight`/n: a guess says how much of one it is. */
  private guesses(name: string, accept: (d: TagDefinition) => boolean, weight: number): Resolution[] {
    const all = this.definitionsNamed(name).filter((r) => accept(r.def));
    return all.map((target) => ({ target, confidence: Math.round((weight / all.length) * 100) / 100 }));
  }
}
