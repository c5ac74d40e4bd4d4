import { Query, type Node, type QueryMatch, type Tree } from 'web-tree-sitter';
import type { FileTags, TagDefinition, TagDefinitionKind, TagImport, TagReference, TagReferenceKind } from '../tags.js';
import type { Language } from '../types.js';
import { Rows } from './metrics/rows.js';
import { parserFor } from './parsers.js';
import { tagsQuerySource } from './tags-query.js';

// Tags of one file: the language's query (queries/tags/) run with web-tree-sitter's Query, then
// the steps of queries/tags/README.md ("After the query"), which the native engine applies
// too. Rule numbers below are the README's.

const queries = new Map<Language, Query>();

/** One compiled query per language per thread: compiling is far dearer than running it. */
function queryFor(language: Language, tree: Tree): Query {
  let query = queries.get(language);
  if (!query) {
    query = new Query(tree.language, tagsQuerySource(language));
    queries.set(language, query);
  }
  return query;
}

// Offsets are read from the nodes once: each Node getter is a call into WASM.
interface Found {
  node: Node;
  /** The position (README): the start of the @name node, in UTF-16 code units. */
  at: number;
  patternIndex: number;
}

interface DefinitionMatch extends Found {
  kind: TagDefinitionKind;
  exported: boolean;
  definition: Node;
  start: number;
  end: number;
  container?: Node;
}

interface ReferenceMatch extends Found {
  kind: TagReferenceKind;
  receiver?: Node;
  /** A @member capture: the name is a property's, never local (rule 7). */
  member: boolean;
  /** An @object capture: the name is a member of a value the tags do not name (rule 5). */
  object: boolean;
}

interface ImportMatch extends Found {
  form: 'import' | 'import.default' | 'import.namespace';
  /** No @name: `node` is the @source (rule 2). */
  nameless: boolean;
  imported?: Node;
  source?: Node;
}

interface Classified {
  definitions: DefinitionMatch[];
  references: ReferenceMatch[];
  imports: ImportMatch[];
  /** Rule 7: every @local.scope, @local.definition(.value|.type) and @local.global node. */
  locals: Record<LocalCapture, Node[]>;
  /**
   * Rule 9: the declared type of each value binding (by position) a match with @local.type
   * captured; null when matches gave it different types.
   */
  types: Map<number, string | null>;
  /** Rule 8: every @doc node. */
  docs: Node[];
}

type LocalCapture =
  'local.scope' | 'local.definition' | 'local.definition.value' | 'local.definition.type' | 'local.global';

/** Rule 7: the references a local definition binds: values (not `type`), types, or both. */
const VALUE = 1;
const TYPE = 2;
const NAMESPACES: Record<string, number> = {
  'local.definition': VALUE | TYPE,
  'local.definition.value': VALUE,
  'local.definition.type': TYPE,
};

const IMPORT_FORMS = new Set(['import', 'import.default', 'import.namespace']);

function classify(matches: QueryMatch[], root: Node): Classified {
  const locals: Classified['locals'] = {
    'local.scope': [],
    'local.definition': [],
    'local.definition.value': [],
    'local.definition.type': [],
    'local.global': [],
  };
  const out: Classified = { definitions: [], references: [], imports: [], locals, docs: [], types: new Map() };
  for (const m of matches) {
    const at: Record<string, Node> = {};
    let role: string | undefined;
    let roleNode: Node | undefined;
    let bindings: Node[] | undefined;
    for (const c of m.captures) {
      if (c.name in locals) {
        locals[c.name as LocalCapture].push(c.node);
        if (c.name === 'local.definition' || c.name === 'local.definition.value') (bindings ??= []).push(c.node);
      } else if (c.name === 'doc') out.docs.push(c.node);
      else if (c.name.startsWith('definition.') || c.name.startsWith('reference.') || IMPORT_FORMS.has(c.name)) {
        role = c.name;
        roleNode = c.node;
      } else at[c.name] ??= c.node;
    }
    if (bindings && at['local.type']) typeBindings(out.types, bindings, at['local.type'].text);
    if (!role || !roleNode) continue;
    // @toplevel (README, "Capture names"): instead of a pattern rooted at the root node, which
    // keeps a match in progress over the whole file in the cursor walk.
    if (at.toplevel && !at.toplevel.parent?.equals(root)) continue;
    const patternIndex = m.patternIndex;
    if (role.startsWith('definition.')) {
      if (!at.name) continue;
      const [, kind, flag] = role.split('.');
      out.definitions.push({
        node: at.name,
        at: at.name.startIndex,
        patternIndex,
        kind: kind as TagDefinitionKind,
        exported: flag === 'exported',
        definition: roleNode,
        start: roleNode.startIndex,
        end: roleNode.endIndex,
        ...(at.container && { container: at.container }),
      });
    } else if (role.startsWith('reference.')) {
      if (!at.name) continue;
      const kind = role.slice('reference.'.length) as TagReferenceKind;
      const receiver = at.receiver && { receiver: at.receiver };
      const member = at.member !== undefined;
      const object = at.object !== undefined;
      out.references.push({ node: at.name, at: at.name.startIndex, patternIndex, kind, member, object, ...receiver });
    } else {
      // Rule 2: a match without @name is positioned at its @source (Go's `import "net/http"`).
      const node = at.name ?? at.source;
      if (!node) continue;
      out.imports.push({
        node,
        at: node.startIndex,
        patternIndex,
        form: role as ImportMatch['form'],
        nameless: !at.name,
        ...(at.imported && { imported: at.imported }),
        ...(at.source && { source: at.source }),
      });
    }
  }
  return out;
}

/** Rule 9: a match's value bindings are declared of its @local.type (two different types: none). */
function typeBindings(types: Map<number, string | null>, bindings: Node[], type: string): void {
  for (const b of bindings) {
    const known = types.get(b.startIndex);
    types.set(b.startIndex, known === undefined || known === type ? type : null);
  }
}

/** The first match (lowest pattern index) per position, keeping every match for the position. */
function byPosition<T extends Found>(found: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const f of found) {
    const list = map.get(f.at);
    if (list) list.push(f);
    else map.set(f.at, [f]);
  }
  // A stable sort keeps the reported order between matches of one pattern.
  for (const list of map.values()) list.sort((a, b) => a.patternIndex - b.patternIndex);
  return map;
}

function unquote(text: string): string {
  const q = text[0];
  if (text.length >= 2 && (q === '"' || q === "'" || q === '`') && text[text.length - 1] === q)
    return text.slice(1, -1);
  return text;
}

/** The package name goimports assumes for a Go import path (README, rule 2). */
function goPackageName(source: string): string {
  const segments = source.split('/');
  let base = segments[segments.length - 1]!;
  if (/^v[0-9]+$/.test(base) && segments.length > 1) base = segments[segments.length - 2]!;
  if (base.startsWith('go-')) base = base.slice(3);
  const cut = base.search(/[^_A-Za-z0-9\u0080-\u{10FFFF}]/u);
  return cut < 0 ? base : base.slice(0, cut);
}

class Positions {
  private readonly rows: Rows;
  constructor(private readonly source: string) {
    this.rows = new Rows(source);
  }

  /** Rule 1: 1-based line, and column in code points. */
  of(offset: number): { line: number; column: number } {
    const lineStart = this.source.lastIndexOf('\n', offset - 1) + 1;
    let column = 1;
    for (let i = lineStart; i < offset; i++) {
      const c = this.source.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) column++;
    }
    return { line: this.rows.rowOf(offset) + 1, column };
  }

  endLine(start: number, end: number): number {
    return this.rows.lastRow(this.rows.rowOf(start), end) + 1;
  }
}

function collectImports(found: ImportMatch[], pos: Positions): TagImport[] {
  const out: TagImport[] = [];
  for (const [offset, [first]] of byPosition(found)) {
    const source = first!.source ? unquote(first!.source.text) : '';
    const name = first!.nameless ? goPackageName(source) : first!.node.text;
    const imported =
      first!.form === 'import.default'
        ? 'default'
        : first!.form === 'import.namespace'
          ? '*'
          : (first!.imported?.text ?? name);
    out.push({ name, imported, source, ...pos.of(offset) });
  }
  return out;
}

/**
 * Rule 3, "Exported by name": the languages whose visibility is the spelling of a name, with the
 * test of the name; `exported` of each of their definitions comes from here, after the query.
 * For Go this replaces nine `.exported` twins of the definition patterns with
 * `(#match? @name "^[A-Z]")`, which doubled the definition patterns' cost in the query's cursor
 * walk (three were rooted at `source_file`, in progress over the whole file). Same test as
 * crates/engine/src/tags.rs's `exported_by_name`: an ASCII `A`–`Z` first, as `^[A-Z]` matched.
 */
const EXPORTED_BY_NAME: Partial<Record<Language, (name: string) => boolean>> = {
  go: (name) => {
    const c = name.charCodeAt(0);
    return c >= 0x41 && c <= 0x5a;
  },
};

interface Resolved {
  first: DefinitionMatch;
  offset: number;
  exported: boolean;
  container?: string;
}

function collectDefinitions(
  found: DefinitionMatch[],
  importAt: Set<number>,
  byName: ((name: string) => boolean) | undefined,
  pos: Positions,
): TagDefinition[] {
  const resolved: Resolved[] = [];
  for (const [offset, list] of byPosition(found)) {
    if (importAt.has(offset)) continue;
    const container = list.find((d) => d.container)?.container?.text;
    const exported = list.some((d) => d.exported) || (byName?.(list[0]!.node.text) ?? false);
    resolved.push({ first: list[0]!, offset, exported, container });
  }
  assignContainers(resolved);
  return resolved.map(({ first, offset, exported, container }) => ({
    name: first.node.text,
    kind: first.kind,
    ...pos.of(offset),
    endLine: pos.endLine(first.start, first.end),
    ...(container !== undefined && { container }),
    exported,
  }));
}

/**
 * Rule 4 where no @container named one: the innermost other definition around this one. The
 * definition nodes are syntax nodes, so any two are nested or disjoint: after sorting by start
 * (outer first on a tie), a stack of the open definitions holds exactly those containing the next.
 */
function assignContainers(resolved: Resolved[]): void {
  const order = [...resolved].sort((a, b) => a.first.start - b.first.start || b.first.end - a.first.end);
  const open: Resolved[] = [];
  for (const r of order) {
    const { start, end } = r.first;
    while (open.length > 0 && open[open.length - 1]!.first.end < end) open.pop();
    if (r.container === undefined) {
      // Definitions with the very same range do not contain each other (`var a, b int`).
      let i = open.length - 1;
      while (i >= 0 && open[i]!.first.start === start && open[i]!.first.end === end) i--;
      if (i >= 0) r.container = open[i]!.first.node.text;
    }
    open.push(r);
  }
}

const REFERENCE_RANK: Record<TagReferenceKind, number> = { call: 0, type: 1, reference: 2 };

function collectReferences(
  found: ReferenceMatch[],
  taken: Set<number>,
  locals: LocalScopes,
  pos: Positions,
): TagReference[] {
  const out: TagReference[] = [];
  for (const [offset, list] of byPosition(found)) {
    if (taken.has(offset)) continue;
    const kind = list.reduce((k, r) => (REFERENCE_RANK[r.kind] < REFERENCE_RANK[k] ? r.kind : k), list[0]!.kind);
    const receiver = list.find((r) => r.receiver)?.receiver;
    const name = list[0]!.node.text;
    const ofObject = !receiver && list.some((r) => r.object);
    const bare = !receiver && !ofObject && !list.some((r) => r.member);
    const local = bare && locals.isLocal(list[0]!.node, name, kind === 'type' ? TYPE : VALUE);
    const receiverType = receiver && locals.typeOf(receiver, receiver.text);
    out.push({
      name,
      kind,
      ...pos.of(offset),
      ...(receiver && { receiver: receiver.text }),
      ...(receiverType && { receiverType }),
      ...(ofObject && { member: true as const }),
      ...(local && { local: true as const }),
    });
  }
  return out;
}

/**
 * Rule 7: the local scopes of a file (one per byte range), sorted by start then outer first,
 * each with its parent (the innermost other scope containing it), the names it binds (each with
 * the namespaces it binds them in) and the names it declares global.
 */
class LocalScopes {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly parents: number[] = [];
  private readonly bound = new Map<number, Map<string, number>>();
  private readonly globals = new Map<number, Map<string, number>>();
  /** Rule 9: scope → name → the type every value binding of the name there declares (null: none). */
  private readonly types = new Map<number, Map<string, string | null>>();

  constructor(locals: Classified['locals'], taken: Set<number>, types: Classified['types']) {
    const ranges = new Map<string, [number, number]>();
    for (const n of locals['local.scope']) ranges.set(`${n.startIndex}:${n.endIndex}`, [n.startIndex, n.endIndex]);
    const sorted = [...ranges.values()].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const open: number[] = [];
    for (const [start, end] of sorted) {
      while (open.length > 0 && this.ends[open[open.length - 1]!]! < end) open.pop();
      this.parents.push(open.length > 0 ? open[open.length - 1]! : -1);
      open.push(this.starts.length);
      this.starts.push(start);
      this.ends.push(end);
    }
    for (const [capture, namespaces] of Object.entries(NAMESPACES))
      for (const n of locals[capture as LocalCapture])
        if (!taken.has(n.startIndex)) this.add(this.bound, n, namespaces);
    for (const n of locals['local.global']) this.add(this.globals, n, VALUE | TYPE);
    for (const capture of ['local.definition', 'local.definition.value'] as const)
      for (const n of locals[capture]) if (!taken.has(n.startIndex)) this.addType(n, types.get(n.startIndex) ?? null);
  }

  /** Rule 9: one more value binding of a name in its scope, of a type or none. */
  private addType(node: Node, type: string | null): void {
    const scope = this.innermost(node);
    if (scope < 0) return;
    let names = this.types.get(scope);
    if (!names) this.types.set(scope, (names = new Map()));
    const known = names.get(node.text);
    names.set(node.text, known === undefined || known === type ? type : null);
  }

  private add(to: Map<number, Map<string, number>>, node: Node, namespaces: number): void {
    const scope = this.innermost(node);
    if (scope < 0) return;
    let names = to.get(scope);
    if (!names) to.set(scope, (names = new Map()));
    names.set(node.text, (names.get(node.text) ?? 0) | namespaces);
  }

  /** The innermost scope whose range contains the node's, or -1. */
  private innermost(node: Node): number {
    const start = node.startIndex;
    const end = node.endIndex;
    // The last scope starting at or before the node; the scopes containing the node are it or
    // its ancestors (syntax nodes are nested or disjoint).
    let lo = 0;
    let hi = this.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= start) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (i >= 0 && this.ends[i]! < end) i = this.parents[i]!;
    return i;
  }

  /**
   * The first scope out from the node that binds the name in one of the namespaces; -1 when a
   * scope on the way declares it global first, or no scope binds it.
   */
  private bindingScope(node: Node, name: string, namespace: number): number {
    for (let s = this.innermost(node); s >= 0; s = this.parents[s]!) {
      if (this.globals.get(s)?.has(name)) return -1;
      if ((this.bound.get(s)?.get(name) ?? 0) & namespace) return s;
    }
    return -1;
  }

  /** Rule 7: bound by an enclosing scope in the reference's namespace. */
  isLocal(node: Node, name: string, namespace: number): boolean {
    return this.bound.size > 0 && this.bindingScope(node, name, namespace) >= 0;
  }

  /** Rule 9: the declared type of a receiver in the scope that binds it as a value. */
  typeOf(node: Node, name: string): string | undefined {
    if (this.types.size === 0) return undefined;
    const s = this.bindingScope(node, name, VALUE);
    return s < 0 ? undefined : (this.types.get(s)?.get(name) ?? undefined);
  }
}

/** Rule 8: an identifier character of a doc link's path (ASCII letter or digit, `_`, `$`, non-ASCII). */
function isIdentUnit(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x24 ||
    c >= 0x80
  );
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const LINK_TAGS = new Set(['link', 'linkcode', 'linkplain']);
/** Rule 8: what may follow a link's path: `}` `|` `#` `(` `<` `[` space tab CR LF. */
const AFTER_PATH = new Set([0x7d, 0x7c, 0x23, 0x28, 0x3c, 0x5b, 0x20, 0x09, 0x0d, 0x0a]);

/** Rule 8: the segments of each link tag's path in a JSDoc comment, as [offset in the text, text][]. */
export function docLinkPaths(text: string): Array<Array<[number, string]>> {
  const out: Array<Array<[number, string]>> = [];
  if (!text.startsWith('/**') || text === '/**/') return out;
  let from = 0;
  for (;;) {
    const open = text.indexOf('{@', from);
    if (open < 0) break;
    from = open + 2;
    let i = from;
    while (i < text.length && /[A-Za-z]/.test(text[i]!)) i++;
    if (!LINK_TAGS.has(text.slice(from, i))) continue;
    const spaces = i;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i === spaces) continue;
    // The path: segments joined by `.`; `end` is just after the last segment.
    const segments: Array<[number, string]> = [];
    let end = i;
    for (let start = i; start < text.length && !isDigit(text.charCodeAt(start)); start = end + 1) {
      let j = start;
      while (j < text.length && isIdentUnit(text.charCodeAt(j))) j++;
      if (j === start) break;
      segments.push([start, text.slice(start, j)]);
      end = j;
      if (text[end] !== '.') break;
    }
    if (segments.length === 0 || end >= text.length || !AFTER_PATH.has(text.charCodeAt(end))) continue;
    out.push(segments);
    from = end;
  }
  return out;
}

/** Rule 8: the references of the JSDoc links of the @doc comments. */
function collectDocLinks(docs: Node[], locals: LocalScopes, pos: Positions): TagReference[] {
  const out: TagReference[] = [];
  const seen = new Set<number>();
  for (const doc of docs) {
    const start = doc.startIndex;
    if (seen.has(start)) continue;
    seen.add(start);
    for (const path of docLinkPaths(doc.text))
      path.forEach(([offset, name], k) => {
        const local = k === 0 && locals.isLocal(doc, name, VALUE);
        out.push({
          name,
          kind: 'reference',
          ...pos.of(start + offset),
          ...(k === 1 && { receiver: path[0]![1] }),
          ...(k >= 2 && { member: true as const }),
          ...(local && { local: true as const }),
        });
      });
  }
  return out;
}

function byPlace<T extends { line: number; column: number; name: string }>(a: T, b: T): number {
  return a.line - b.line || a.column - b.column || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The tags of a parsed file (queries/tags/README.md). */
export function extractTags(tree: Tree, source: string, path: string, language: Language): FileTags {
  const root = tree.rootNode;
  const found = classify(queryFor(language, tree).matches(root), root);
  const pos = new Positions(source);
  const imports = collectImports(found.imports, pos);
  const importAt = new Set(found.imports.map((i) => i.at));
  const definitions = collectDefinitions(found.definitions, importAt, EXPORTED_BY_NAME[language], pos);
  const taken = new Set([...importAt, ...found.definitions.map((d) => d.at)]);
  for (const i of found.imports) if (i.imported) taken.add(i.imported.startIndex);
  const locals = new LocalScopes(found.locals, taken, found.types);
  const references = collectReferences(found.references, taken, locals, pos);
  if (found.docs.length > 0) references.push(...collectDocLinks(found.docs, locals, pos));
  return {
    path,
    language,
    definitions: definitions.sort(byPlace),
    references: references.sort(byPlace),
    imports: imports.sort(byPlace),
  };
}

/** Parses and tags one file: the entry point for tests and tools that hold only the source. */
export async function tagsOfFile(path: string, language: Language, source: string): Promise<FileTags> {
  const parser = await parserFor(language);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
  try {
    return extractTags(tree, source, path, language);
  } finally {
    tree.delete();
  }
}
