import type { Node } from 'web-tree-sitter';
import type { FunctionKind } from '../../types.js';

/** What a language file tells the walker about one function-like node. */
export interface FunctionInfo {
  kind: FunctionKind;
  /** Reported name: `Type.method`, the assigned name, or `<anonymous>`. */
  name: string;
  /** The name a recursive call would use (`method`, not `Type.method`); '' when anonymous. */
  simpleName: string;
  /**
   * Receivers through which a call is a call to this function itself: `this`, `self`,
   * `Self`, the owning type's name, Go's receiver variable. A call on any other object
   * (`self.items.push(x)` in `push`, `Vec::new()` in `new`) is not recursion.
   */
  selfNames: string[];
  params: number;
}

/** `f(x)` → { name: 'f', receiver: '' }; `this.f(x)` → { 'f', 'this' }; `a.b.f()` → { 'f', '*' }. */
export interface Callee {
  name: string;
  receiver: string;
}

/**
 * The per-language rule tables. Every engine (this WASM one, the native Rust one) must
 * implement exactly these tables; the lang/*.ts files are the reference, each entry with
 * the line of METRICS.md it implements.
 */
export interface LangRules {
  /** Node types that may be functions; `describe` returns null for bodiless ones. */
  functionTypes: ReadonlySet<string>;
  describe(node: Node): FunctionInfo | null;
  /** Node types that make the innermost `function`/`method` a generator (Python `yield`). */
  yieldTypes?: ReadonlySet<string>;

  // ---- cyclomatic -------------------------------------------------------------
  /** +1 each, unconditionally. */
  decisions: ReadonlySet<string>;
  /** +1 when the predicate holds (a `case` that is not `default`, a match arm that is not `_`). */
  guardedDecisions: Readonly<Record<string, (node: Node) => boolean>>;
  /** Node types that carry binary logical operators as anonymous child tokens. */
  logicalTypes: ReadonlySet<string>;
  /** Operators that count +1 cyclomatic each and form cognitive sequences. */
  logicalOps: ReadonlySet<string>;
  /** Operators that count +1 cyclomatic but are ignored by cognitive (`??`, `&&=` …). */
  cyclomaticOnlyOps: ReadonlySet<string>;
  /** Node types that may carry a cyclomaticOnlyOps token (binary and assignment nodes). */
  cyclomaticOnlyTypes: ReadonlySet<string>;

  // ---- cognitive --------------------------------------------------------------
  /** +1 plus nesting, and they raise the nesting of their body (an else-if is handled apart). */
  structural: ReadonlySet<string>;
  /** `if` node types: an `if` that is the else-branch of another `if` is an else-if. */
  ifTypes: ReadonlySet<string>;
  /** Field of an `if` holding the else branch. */
  alternativeField: string;
  /** Wrapper node of an else branch (`else_clause`), if the grammar has one. */
  elseClause?: string;
  /** Python `elif_clause`: +1 flat, raises nesting for its body. */
  elifClause?: string;
  /**
   * Which children of a nesting node sit one level deeper: field names or child node
   * types; '*' = every child. Conditions, subjects and loop headers stay at the outer level.
   */
  nestedChildren: Readonly<Record<string, readonly string[] | '*'>>;
  /** +1 flat when the predicate holds: labelled break/continue, goto. */
  jumps: Readonly<Record<string, (node: Node) => boolean>>;
  /** Transparent for logical sequences: `(a && b) && c` is one sequence. */
  parenTypes: ReadonlySet<string>;
  /** Call node types, and the callee's simple name and receiver text (for recursion). */
  callTypes: ReadonlySet<string>;
  callee(call: Node): Callee;

  // ---- size -------------------------------------------------------------------
  returnTypes: ReadonlySet<string>;
  /** Statement node types for lloc. */
  statements: ReadonlySet<string>;
  /** Statement types that count only when the predicate holds. */
  guardedStatements?: Readonly<Record<string, (node: Node) => boolean>>;

  // ---- halstead / lines -------------------------------------------------------
  /** Node types invisible to every metric (Python's `\` line continuation). */
  ignored: ReadonlySet<string>;
  /** Comment node types: lines for cloc, invisible to Halstead. */
  comments: ReadonlySet<string>;
  /** One operand each (full text), not descended into for Halstead: strings, regexes. */
  atomicOperands: ReadonlySet<string>;
  /** Named leaves that are keywords, so operators (Rust `mut`, Java `void`). */
  namedOperators: ReadonlySet<string>;
}
