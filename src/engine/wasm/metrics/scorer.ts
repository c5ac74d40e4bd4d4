import type { Node, TreeCursor } from 'web-tree-sitter';
import {
  CALL,
  CYCLOMATIC_ONLY_OP,
  CYCLOMATIC_ONLY_TYPE,
  DECISION,
  ELIF_CLAUSE,
  ELSE_CLAUSE,
  FUNCTION,
  IF,
  LOGICAL_OP,
  LOGICAL_TYPE,
  NAMED,
  NEST_ALL,
  PAREN,
  RETURN,
  STRUCTURAL,
  YIELD,
  slotOf,
  type Compiled,
  type Nest,
} from './compiled.js';
import type { FnRecord } from './record.js';
import type { Rows } from './rows.js';

/**
 * Walk state of one node on the current path. The walker keeps one Frame per depth and
 * reuses it for every node at that depth (no allocation per node).
 */
export interface Frame {
  /** Type slot (compiled.ts) and its rule flags. */
  slot: number;
  flags: number;
  /** File-wide cognitive nesting level of this node (functions and control structures raise it). */
  level: number;
  /** Which children sit one level deeper (see LangRules.nestedChildren). */
  nest: Nest | null;
  isIf: boolean;
  underIf: boolean;
  /** This `if` is the else branch of another `if`: +1 flat instead of +1+nesting. */
  elseIf: boolean;
  /** An else_clause that only wraps an `if`: the `if` is an else-if, the clause adds nothing. */
  elseIfChild: boolean;
  /** Nearest non-parenthesis ancestor-or-self is a logical operator node. */
  logicalCtx: boolean;
  parentLogical: boolean;
  /** Inside an atomic operand (string, regex): tokens are not counted for Halstead. */
  suppressTokens: boolean;
  fn: FnRecord | null;
}

export function newFrame(): Frame {
  return {
    slot: 0,
    flags: 0,
    level: 0,
    nest: null,
    isIf: false,
    underIf: false,
    elseIf: false,
    elseIfChild: false,
    logicalCtx: false,
    parentLogical: false,
    suppressTokens: false,
    fn: null,
  };
}

interface Counters {
  tokens: number;
  statements: number;
}

/** The node under the walker's cursor, read from WASM only when a rule needs it. */
export interface Current {
  node(): Node;
}

/** Applies the cyclomatic and cognitive rules of one language while the walker moves. */
export class Scorer {
  readonly functions: FnRecord[] = [];
  private readonly stack: FnRecord[] = [];

  constructor(
    private readonly c: Compiled,
    private readonly source: string,
    private readonly rows: Rows,
  ) {}

  /** Fills `frame` for the node under the cursor. Reads its field only when the parent's rules need it. */
  initFrame(frame: Frame, slot: number, cursor: TreeCursor, parent: Frame | null): void {
    const c = this.c;
    const flags = c.flags[slot]!;
    let level = parent ? parent.level : 0;
    let elseIf = false;
    if (parent) {
      const nest = parent.nest;
      let field = -1;
      if (nest !== null) {
        if (nest.all || nest.types[slot] === 1) level++;
        else if (nest.hasFields && nest.fields[(field = cursor.currentFieldId)] === 1) level++;
      }
      if (parent.isIf && flags & NAMED) {
        if (field < 0) field = cursor.currentFieldId;
        if (field === c.alternativeField) {
          if (flags & IF) elseIf = true;
          else if (!(flags & (ELSE_CLAUSE | ELIF_CLAUSE))) {
            // Go and Java have no else node: the alternative block itself is the `else` (+1 flat, nests).
            this.flat(1);
            level = parent.level + 1;
          }
        } else if (parent.elseIfChild && flags & IF) elseIf = true;
      } else if (parent.elseIfChild && flags & IF) elseIf = true;
    }
    const parentLogical = parent !== null && parent.logicalCtx;
    frame.slot = slot;
    frame.flags = flags;
    frame.level = level;
    frame.nest = c.nest[slot]!;
    frame.isIf = (flags & IF) !== 0;
    frame.underIf = parent !== null && parent.isIf;
    frame.elseIf = elseIf;
    frame.elseIfChild = false;
    frame.logicalCtx = flags & PAREN ? parentLogical : false;
    frame.parentLogical = parentLogical;
    frame.suppressTokens = parent !== null && parent.suppressTokens;
    frame.fn = null;
  }

  /** Scores one named node. */
  score(frame: Frame, at: Current, cursor: TreeCursor, counters: Counters): void {
    const c = this.c;
    const slot = frame.slot;
    const flags = frame.flags;
    if (flags & FUNCTION && this.enterFunction(frame, at.node(), cursor, counters)) return;
    const owner = this.stack[this.stack.length - 1];
    if (owner) {
      if (flags & DECISION) owner.cyclomatic++;
      else {
        const guard = c.guardedDecision[slot];
        if (guard?.(at.node())) owner.cyclomatic++;
      }
    }
    if (flags & ELIF_CLAUSE) this.flat(1);
    else if (frame.isIf) {
      if (frame.elseIf) this.flat(1);
      else this.structural(frame.level);
    } else if (flags & STRUCTURAL) this.structural(frame.level);
    else if (flags & ELSE_CLAUSE && frame.underIf) this.elseClause(frame, at.node());
    if (c.jump[slot]?.(at.node())) this.flat(1);
    if (flags & (LOGICAL_TYPE | CYCLOMATIC_ONLY_TYPE)) this.logical(frame, at.node(), owner);
    if (!owner) return;
    if (flags & RETURN) owner.exits++;
    if (flags & CALL && this.mayRecurse(cursor)) this.call(at.node());
    if (flags & YIELD && (owner.info.kind === 'function' || owner.info.kind === 'method')) {
      owner.info.kind = 'generator';
    }
  }

  leave(frame: Frame, at: Counters): void {
    const f = frame.fn;
    if (!f) return;
    this.stack.pop();
    f.tokEnd = at.tokens;
    f.stmtEnd = at.statements;
    // Recursion is +1 flat once per function; like every increment of a nested function it
    // also counts for the enclosing ones.
    if (f.recursive) {
      f.cognitive++;
      this.flat(1);
    }
  }

  private enterFunction(frame: Frame, node: Node, cursor: TreeCursor, at: Counters): boolean {
    const info = this.c.rules.describe(node);
    if (!info) return false;
    const startRow = this.rows.rowOf(cursor.startIndex);
    const f: FnRecord = {
      info,
      startRow,
      endRow: this.rows.lastRow(startRow, cursor.endIndex),
      level: frame.level,
      nested: this.stack.length > 0,
      cyclomatic: 1,
      cognitive: 0,
      exits: 0,
      maxNesting: 0,
      recursive: false,
      tokStart: at.tokens,
      tokEnd: at.tokens,
      stmtStart: at.statements,
      stmtEnd: at.statements,
    };
    this.functions.push(f);
    this.stack.push(f);
    frame.fn = f;
    frame.nest = NEST_ALL; // nested functions raise the nesting of everything inside them
    return true;
  }

  /** else: +1 flat and its body one deeper, unless it only wraps an `if` (then that is an else-if). */
  private elseClause(frame: Frame, node: Node): void {
    const inner = node.namedChildren.find((c) => c !== null && !c.isExtra);
    if (inner && this.c.rules.ifTypes.has(inner.type)) {
      frame.elseIfChild = true;
      return;
    }
    this.flat(1);
    frame.nest = NEST_ALL;
  }

  private logical(frame: Frame, node: Node, owner: FnRecord | undefined): void {
    const c = this.c;
    let decisions = 0;
    let logical = false;
    for (const child of node.children) {
      if (!child) continue;
      const f = c.flags[slotOf(c, child.typeId)]!;
      if (f & NAMED) continue;
      if (f & LOGICAL_OP && frame.flags & LOGICAL_TYPE) {
        decisions++;
        logical = true;
      } else if (f & CYCLOMATIC_ONLY_OP && frame.flags & CYCLOMATIC_ONLY_TYPE) decisions++;
    }
    if (owner) owner.cyclomatic += decisions;
    frame.logicalCtx = logical;
    if (logical && !frame.parentLogical) this.flat(countSequences(node, c));
  }

  /**
   * Whether a call can name an enclosing function: the callee's name is the text of a node
   * inside the call, so unless some enclosing function's name occurs in the call's text, it
   * names none of them. Two offset reads instead of the callee's several node reads.
   */
  private mayRecurse(cursor: TreeCursor): boolean {
    const text = this.source.slice(cursor.startIndex, cursor.endIndex);
    for (const f of this.stack) if (f.info.simpleName !== '' && text.includes(f.info.simpleName)) return true;
    return false;
  }

  /** Recursion: the call names the function itself, bare or through its own receiver. */
  private call(node: Node): void {
    const { name, receiver } = this.c.rules.callee(node);
    if (!name) return;
    for (const f of this.stack) {
      if (f.info.simpleName === name && (receiver === '' || f.info.selfNames.includes(receiver))) f.recursive = true;
    }
  }

  /** +1 plus the nesting level, for every enclosing function at its own nesting. */
  private structural(level: number): void {
    for (const f of this.stack) {
      const n = level - f.level; // = 1 + nesting relative to f (f's own node raised it by one)
      f.cognitive += n;
      if (n > f.maxNesting) f.maxNesting = n;
    }
  }

  private flat(k: number): void {
    for (const f of this.stack) f.cognitive += k;
  }
}

/** A logicalTypes node with a logical operator among its anonymous children. */
function isLogical(flags: number, node: Node, c: Compiled): boolean {
  if (!(flags & LOGICAL_TYPE)) return false;
  return node.children.some(
    (ch) => ch !== null && (c.flags[slotOf(c, ch.typeId)]! & (NAMED | LOGICAL_OP)) === LOGICAL_OP,
  );
}

/**
 * Number of sequences of like logical operators in a logical expression tree, read in source
 * order through parentheses: `a && b || c` → 2, `a || b && c || d` → 3. Iterative.
 */
export function countSequences(root: Node, c: Compiled): number {
  const stack: Node[] = [root];
  let prev = '';
  let count = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    const slot = slotOf(c, n.typeId);
    const flags = c.flags[slot]!;
    if (!(flags & NAMED)) {
      if (flags & LOGICAL_OP) {
        const op = c.names[slot]!;
        if (op !== prev) count++;
        prev = op;
      }
      continue;
    }
    if (!(flags & PAREN) && !isLogical(flags, n, c)) continue;
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const ch = children[i];
      if (ch) stack.push(ch);
    }
  }
  return count;
}
