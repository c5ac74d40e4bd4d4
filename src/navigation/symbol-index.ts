import type {
  FileTags,
  TagDefinition,
  TagDefinitionKind,
  TagImport,
  TagReference,
  TagReferenceKind,
} from '../engine/tags.js';

// The symbol index: every file's tags, with names bound through imports. A reference is
// resolved to the definition it means when the code says so (a local definition, an import
// of a definition, `this.m()`/`self.m()` inside a class that has `m`, `s.m()` where `s` is
// declared of a type that has `m`); otherwise it stays a
// candidate of every same-named definition with a confidence below 1 — never merged silently.

/**
 * Where the import statement starting at a line of a file points, from the dependency graph's
 * resolution; `to` is undefined for an import of a package or one that did not resolve.
 */
export interface ResolvedImport {
  from: string;
  to: string | undefined;
  line: number;
}

/** Languages that see each other's names: a Python name is never a candidate for a JS use. */
function familyOf(language: string): string {
  return language === 'typescript' || language === 'tsx' || language === 'javascript' ? 'ecma' : language;
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

/** Languages whose import string alone names the file it resolves to. */
const SOURCE_NAMES_FILE: ReadonlySet<string> = new Set(['typescript', 'tsx', 'javascript', 'go', 'java']);

/** Re-exports followed from file to file at most this many times (a cycle ends there too). */
const MAX_HOPS = 8;

const CLASS_LIKE: ReadonlySet<TagDefinitionKind> = new Set(['class', 'struct', 'interface', 'trait', 'enum']);
/** What a receiver's declared type may name to have members: a class-like or a Go named type (`type C float64`). */
const MEMBER_HOLDERS: ReadonlySet<TagDefinitionKind> = new Set([...CLASS_LIKE, 'type']);
/** Types whose members others implement: a call through one runs an implementation's member. */
const ABSTRACT: ReadonlySet<TagDefinitionKind> = new Set(['interface', 'trait']);

// Same-named declarations of one scope (TypeScript's declaration merging: `interface X` with
// `namespace X` or `const X`; Rust's `struct S` with `fn S`): a use in a type position (a `type`
// reference) means the one that declares a type, any other use the one that declares a value,
// as the TypeScript language service keeps the two meanings apart.
const TYPE_KINDS: ReadonlySet<TagDefinitionKind> = new Set(['class', 'interface', 'type', 'enum', 'struct', 'trait']);
const VALUE_KINDS: ReadonlySet<TagDefinitionKind> = new Set([
  'function',
  'method',
  'class',
  'enum',
  'variable',
  'constant',
  'field',
  'module',
]);

/**
 * The one definition a use binds among same-named ones: the only one, or the only one of the
 * use's meaning (type or value, by the reference's kind); none when that is not unique.
 */
function ofMeaning(defs: readonly TagDefinition[], kind: TagReferenceKind | undefined): TagDefinition | undefined {
  if (defs.length === 1) return defs[0];
  if (defs.length === 0 || kind === undefined) return undefined;
  const kinds = kind === 'type' ? TYPE_KINDS : VALUE_KINDS;
  const meant = defs.filter((d) => kinds.has(d.kind));
  return meant.length === 1 ? meant[0] : undefined;
}

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

/** References of one file to another, summed: their confidences, and how many were sure (confidence 1). */
export interface FileEdge {
  from: string;
  to: string;
  weight: number;
  sure: number;
}

export class SymbolIndex {
  private edges: FileEdge[] | undefined;
  private readonly files = new Map<string, FileTags>();
  private readonly byName = new Map<string, SymbolRef[]>();
  /** file → its import statements' first lines, ascending, with the file each resolves to. */
  private readonly importTargets = new Map<string, ResolvedImport[]>();
  /** name → the files that use it (so a search reads only those files' references). */
  private readonly usedIn = new Map<string, Set<FileTags>>();
  /** path → whether the file is a JavaScript/TypeScript module (`isEcmaModule`), computed once. */
  private readonly modules = new Map<string, boolean>();

  constructor(tags: readonly FileTags[], imports: readonly ResolvedImport[]) {
    for (const file of tags) {
      this.files.set(file.path, file);
      for (const def of file.definitions) {
        const list = this.byName.get(def.name);
        if (list) list.push({ path: file.path, def });
        else this.byName.set(def.name, [{ path: file.path, def }]);
      }
    }
    for (const file of tags) {
      for (const ref of file.references) {
        const files = this.usedIn.get(ref.name);
        if (files) files.add(file);
        else this.usedIn.set(ref.name, new Set([file]));
      }
    }
    for (const edge of imports) {
      const lines = this.importTargets.get(edge.from);
      if (lines) lines.push(edge);
      else this.importTargets.set(edge.from, [edge]);
    }
    for (const lines of this.importTargets.values()) lines.sort((a, b) => a.line - b.line);
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
  resolve(
    path: string,
    ref: Pick<TagReference, 'name' | 'line' | 'receiver' | 'receiverType' | 'member' | 'local'> & {
      kind?: TagReferenceKind;
    },
  ): Resolution[] {
    // A name bound by an enclosing local scope (a parameter, a local, a type parameter) names nothing here.
    if (ref.local) return [];
    const tags = this.files.get(path);
    if (!tags) return [];
    // A member of a value the tags do not name (`a.b.f`, `this.x.f()`, `super().f()`): never what
    // a bare `f` binds — guesses only, among members, and in Python among modules' names too
    // (`os.path.join`: a module is a value there).
    if (ref.member) {
      const modules = tags.language === 'python';
      return this.guesses(tags, ref.name, (d) => d.container !== undefined || (modules && d.exported), 0.5);
    }
    if (ref.receiver === undefined) {
      const local = ofMeaning(
        tags.definitions.filter((d) => d.name === ref.name && !d.container),
        ref.kind,
      );
      if (local) return [{ target: { path, def: local }, confidence: 1 }];
      // A name bound by a namespace import (`import * as ns`, Python's `import a`, a Go package)
      // names a module, no definition: not a candidate of same-named symbols either.
      if (tags.imports.some((i) => i.name === ref.name && i.imported === '*')) return [];
      const imported = this.throughImport(tags, ref.name, ref.kind);
      if (imported) return [{ target: imported, confidence: 1 }];
      // Python's `from a import *` binds a's names in the file (JavaScript's `export * from`
      // binds none: it only re-exports).
      if (tags.language === 'python') {
        const starred = this.throughStar(tags, ref.name, ref.kind, 1);
        if (starred) return [{ target: starred, confidence: 1 }];
      }
      // A bare name never reaches a member (a method, a field: `self.m`/`this.m` does), except
      // in Java, where a class's own methods are called bare.
      const inScope = tags.definitions.filter(
        (d) => d.name === ref.name && (tags.language === 'java' || !this.isMember(tags, d)),
      );
      if (inScope.length === 1) return [{ target: { path, def: inScope[0]! }, confidence: 1 }];
      const samePackage = this.samePackage(tags, ref.name);
      if (samePackage) return [{ target: samePackage, confidence: 1 }];
      // A bare name bound nowhere in the file: a global, a star import (`from x import *`), or
      // a name whose binding the parser lost (an ERROR node). In a JavaScript/TypeScript module
      // only a global can be meant — another module's names are never in scope without an
      // import —, so the candidates are the file's own same-named definitions and those of
      // script files (no import, no export: they declare globals), not other modules'. A name an
      // import binds without a definition found (a re-export, a package) keeps every candidate.
      const onlyGlobals = this.isEcmaModule(tags) && !tags.imports.some((i) => i.name === ref.name);
      return this.guesses(
        tags,
        ref.name,
        (d, at) => (d.exported || d.container === undefined) && (!onlyGlobals || at === path || !this.isEcmaModule(at)),
        0.5,
      );
    }
    if (ref.receiver === 'this' || ref.receiver === 'self') {
      const member = this.ownMember(tags, ref.line, ref.name);
      if (member) return [{ target: member, confidence: 1 }];
    } else if (ref.receiverType !== undefined) {
      // A local of a declared type (tags rule 9): that type's member; a member it inherits or
      // a type found nowhere leaves the guesses. The receiver names no module: it is a local.
      const typed = this.typedMember(tags, ref.receiverType, ref.name, ref.line);
      if (typed && !typed.ofInterface) return [{ target: typed.member, confidence: 1 }];
      // An interface's or trait's member is what the code names, and the call runs an
      // implementation's: those stay candidates (a type checker counts them as its references).
      if (typed) {
        const sure = typed.member;
        const others = (d: TagDefinition, at: string) =>
          d.container !== undefined && !(at === sure.path && d === sure.def);
        return [{ target: sure, confidence: 1 }, ...this.guesses(tags, ref.name, others, 0.5)];
      }
    } else {
      const target = this.namespaceFile(tags, ref.receiver, 0);
      const def = target ? this.exportedIn(target, ref.name, ref.kind) : undefined;
      if (def) return [{ target: def, confidence: 1 }];
    }
    return this.guesses(tags, ref.name, (d) => d.container !== undefined, 0.5);
  }

  /** Every file's references to other files, resolved once per index (impact and the repo map read them). */
  fileEdges(): readonly FileEdge[] {
    if (this.edges) return this.edges;
    const byPair = new Map<string, FileEdge>();
    for (const file of this.files.values()) {
      for (const ref of file.references) {
        for (const r of this.resolve(file.path, ref)) {
          if (r.target.path === file.path) continue;
          const key = `${file.path}\0${r.target.path}`;
          let edge = byPair.get(key);
          if (!edge) byPair.set(key, (edge = { from: file.path, to: r.target.path, weight: 0, sure: 0 }));
          edge.weight += r.confidence;
          if (r.confidence === 1) edge.sure += 1;
        }
      }
    }
    this.edges = [...byPair.values()];
    return this.edges;
  }

  /** The files whose references name `name`. */
  filesUsing(name: string): Iterable<FileTags> {
    return this.usedIn.get(name) ?? [];
  }

  /**
   * The file an import binding resolves to: its statement is the last one that starts at or
   * before the binding's line (`import {\n  a,\n  b\n} from './x'` binds `b` two lines down).
   * The dependency graph keeps one edge per pair of files (the first statement's line), so a
   * second statement importing the same module would find the statement before it: where the
   * module string alone names the file (JavaScript/TypeScript, Go, Java — not Python's `from
   * pkg import mod` nor Rust's paths, whose names choose the file), the first binding of that
   * string is looked up instead.
   */
  importedFile(tags: FileTags, binding: TagImport): string | undefined {
    const lines = this.importTargets.get(tags.path);
    if (!lines) return undefined;
    let line = binding.line;
    if (SOURCE_NAMES_FILE.has(tags.language))
      for (const other of tags.imports) if (other.source === binding.source && other.line < line) line = other.line;
    let lo = 0;
    let hi = lines.length - 1;
    let found: ResolvedImport | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid]!.line <= line) {
        found = lines[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found?.to;
  }

  private throughImport(tags: FileTags, name: string, kind?: TagReferenceKind): SymbolRef | undefined {
    const binding = tags.imports.find((i) => i.name === name);
    if (!binding || binding.imported === '*') return undefined;
    const target = this.importedFile(tags, binding);
    if (!target) return undefined;
    return this.exportedIn(target, binding.imported === 'default' ? name : binding.imported, kind);
  }

  /**
   * A file's top-level definition of a name, as an import sees it: the exported ones first; among
   * same-named ones the one of the use's meaning (`ofMeaning`), else the first. A name the file
   * does not define but imports is one it re-exports (`export { a } from './x'`, listed as an
   * import; or an import and an `export { a }` clause — importers could not use it otherwise):
   * followed to where it is defined, at most MAX_HOPS files away.
   */
  private exportedIn(path: string, name: string, kind?: TagReferenceKind, hops = 0): SymbolRef | undefined {
    const tags = this.files.get(path);
    if (!tags) return undefined;
    const top = tags.definitions.filter((d) => d.name === name && !d.container);
    const exported = top.filter((d) => d.exported);
    const defs = exported.length > 0 ? exported : top;
    const def = ofMeaning(defs, kind) ?? defs[0];
    if (def) return { path, def };
    if (hops >= MAX_HOPS) return undefined;
    const binding = tags.imports.find((i) => i.name === name && i.imported !== '*');
    const next = binding && this.importedFile(tags, binding);
    if (binding) {
      if (!next || next === path) return undefined;
      return this.exportedIn(next, binding.imported === 'default' ? name : binding.imported, kind, hops + 1);
    }
    return this.throughStar(tags, name, kind, hops + 1);
  }

  /**
   * A name through the star imports of a file (`from a import *`, `export * from 'a'`: README
   * rule 2), in their order: the first that exports it.
   */
  private throughStar(
    tags: FileTags,
    name: string,
    kind: TagReferenceKind | undefined,
    hops: number,
  ): SymbolRef | undefined {
    for (const star of tags.imports) {
      if (star.name !== '*') continue;
      const next = this.importedFile(tags, star);
      const def = next && next !== tags.path ? this.exportedIn(next, name, kind, hops) : undefined;
      if (def) return def;
    }
    return undefined;
  }

  /**
   * The file a receiver names as a module: the target of its `import * as ns`, or, for a name
   * imported from a file that does not define it, what that file binds it to (`export * as ns
   * from './x'` is listed as a namespace import), followed at most MAX_HOPS files away.
   */
  private namespaceFile(tags: FileTags, name: string, hops: number): string | undefined {
    const binding = tags.imports.find((i) => i.name === name);
    const file = binding && this.importedFile(tags, binding);
    if (!binding || !file) return undefined;
    if (binding.imported === '*') return file;
    // Python's `from pkg import mod` binds the submodule mod when the import resolves to it.
    if (
      tags.language === 'python' &&
      (`/${file}`.endsWith(`/${binding.imported}.py`) || `/${file}`.endsWith(`/${binding.imported}/__init__.py`))
    )
      return file;
    const next = this.files.get(file);
    if (binding.imported === 'default' || hops >= MAX_HOPS || !next || next === tags) return undefined;
    if (next.definitions.some((d) => d.name === binding.imported && !d.container)) return undefined;
    return this.namespaceFile(next, binding.imported, hops + 1);
  }

  /** The definition an import binding of a file binds (through re-exports); none for a namespace import. */
  importedDefinition(tags: FileTags, imp: TagImport): SymbolRef | undefined {
    if (imp.imported === '*') return undefined;
    const target = this.importedFile(tags, imp);
    return target ? this.exportedIn(target, imp.imported === 'default' ? imp.name : imp.imported) : undefined;
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
   * The member `name` of the type a receiver is declared of (`Shape`, `geo.Shape`): the type as
   * a use in the file would bind it, with confidence 1, then its member of that name — in the
   * type's file, or for Go in any file of its package (methods are declared beside the type).
   */
  private typedMember(
    tags: FileTags,
    type: string,
    name: string,
    line: number,
  ): { member: SymbolRef; ofInterface: boolean } | undefined {
    const holder = this.typeNamed(tags, type, line);
    if (!holder || !MEMBER_HOLDERS.has(holder.def.kind)) return undefined;
    const ofInterface = ABSTRACT.has(holder.def.kind);
    const own = this.files
      .get(holder.path)
      ?.definitions.find((d) => d.name === name && d.container === holder.def.name);
    if (own) return { member: { path: holder.path, def: own }, ofInterface };
    if (this.files.get(holder.path)?.language !== 'go') return undefined;
    const dir = dirOf(holder.path);
    const member = this.definitionsNamed(name).find(
      (r) => r.def.container === holder.def.name && dirOf(r.path) === dir,
    );
    return member && { member, ofInterface };
  }

  /** The definition a type name written in a file means: bare (as a `type` use), or qualified by a module. */
  private typeNamed(tags: FileTags, type: string, line: number): SymbolRef | undefined {
    const dot = type.lastIndexOf('.');
    if (dot < 0) {
      const found = this.resolve(tags.path, { name: type, line, kind: 'type' });
      return found.length === 1 && found[0]!.confidence === 1 ? found[0]!.target : undefined;
    }
    const file = this.namespaceFile(tags, type.slice(0, dot), 0);
    if (!file) return undefined;
    const name = type.slice(dot + 1);
    const def = this.exportedIn(file, name, 'type');
    if (def || this.files.get(file)?.language !== 'go') return def;
    // A Go package import resolves to one of the package's files; the type may be in another.
    const dir = dirOf(file);
    const found = this.definitionsNamed(name).filter((r) => !r.def.container && dirOf(r.path) === dir);
    return found.length === 1 ? found[0] : undefined;
  }

  /** A method or field, or a definition whose container is a class-like of the file. */
  private isMember(tags: FileTags, def: TagDefinition): boolean {
    if (def.kind === 'method' || def.kind === 'field') return true;
    const container = def.container;
    return container !== undefined && tags.definitions.some((c) => c.name === container && CLASS_LIKE.has(c.kind));
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

  /**
   * A JavaScript/TypeScript file that imports or exports something: an ES or CommonJS module,
   * whose top-level names are its own (a file with neither is a script sharing the global scope).
   */
  private isEcmaModule(file: FileTags | string): boolean {
    const tags = typeof file === 'string' ? this.files.get(file) : file;
    if (!tags || familyOf(tags.language) !== 'ecma') return false;
    let known = this.modules.get(tags.path);
    if (known === undefined) {
      known = tags.imports.length > 0 || tags.definitions.some((d) => d.exported);
      this.modules.set(tags.path, known);
    }
    return known;
  }

  /** Same-named definitions, each with `weight`/n: a guess says how much of one it is. */
  private guesses(
    from: FileTags,
    name: string,
    accept: (d: TagDefinition, path: string) => boolean,
    weight: number,
  ): Resolution[] {
    const family = familyOf(from.language);
    const all = this.definitionsNamed(name).filter(
      (r) => accept(r.def, r.path) && familyOf(this.files.get(r.path)!.language) === family,
    );
    return all.map((target) => ({ target, confidence: Math.round((weight / all.length) * 100) / 100 }));
  }
}
