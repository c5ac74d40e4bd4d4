import type { Language } from './types.js';

// Tags: the names a file defines, uses and imports, as code navigation needs them (find_symbol,
// find_references, call_graph, repo_map). Defined once, as data: tree-sitter query files in
// queries/tags/<language>.scm, run by both engines (web-tree-sitter's Query, the tree-sitter
// crate's Query), with the same few steps after the query (below), so both engines give the
// same tags by construction. The exact rules are in queries/tags/README.md.

export type TagDefinitionKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'variable'
  | 'constant'
  | 'field'
  | 'module'
  | 'struct'
  | 'trait';

export type TagReferenceKind = 'call' | 'type' | 'reference';

export interface TagDefinition {
  name: string;
  kind: TagDefinitionKind;
  /** 1-based line and column (in Unicode code points) of the name. */
  line: number;
  column: number;
  /** 1-based last line of the whole definition. */
  endLine: number;
  /** The name of the innermost other definition whose node encloses this one's node. */
  container?: string;
  /**
   * Visible outside the file: export (JS/TS), pub (Rust), public (Java), a capital letter (Go),
   * no leading _ at module level (Python).
   */
  exported: boolean;
}

export interface TagReference {
  name: string;
  kind: TagReferenceKind;
  line: number;
  column: number;
  /** For a member call or access `x.name`: the receiver as written when it is an identifier, `this` or `self`. */
  receiver?: string;
  /**
   * The declared type of the receiver when it is a local binding whose every binding in its
   * scope says the type (a typed parameter `s: Shape`, `const s = new Shape()`; README rule 9):
   * the type's name as written (`Shape`, `geo.Shape`), for the index to find the member.
   */
  receiverType?: string;
  /**
   * A member of a value the tags do not name (`a.b.f`, `g().f`, `this.x.f`, `super().f`): it
   * names a member or a module's attribute, never what a bare `f` would. Never set with `receiver`.
   */
  member?: true;
  /**
   * The name is bound by an enclosing local scope (a parameter, a local variable, a type
   * parameter; queries/tags/README.md rule 7): it names no module-level or imported symbol.
   * Never set with `receiver`.
   */
  local?: true;
}

export interface TagImport {
  /** The name bound in this file (the alias when there is one). */
  name: string;
  /** The name in the module it comes from ('default' for a default import, '*' for a namespace import). */
  imported: string;
  /** The module specifier as written. */
  source: string;
  line: number;
  column: number;
}

export interface FileTags {
  path: string;
  language: Language;
  definitions: TagDefinition[];
  references: TagReference[];
  imports: TagImport[];
}
