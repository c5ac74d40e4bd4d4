import type { Node, TreeCursor } from 'web-tree-sitter';
import type { LangRules } from './types.js';
import { lastRow, type FnRecord } from './record.js';

/** Walk state of one node on the current path. */
export interface Frame {
  type: string;
  /** File-wide cognitive nesting level of this node (functions and control structures raise it). */
  level: number;
  /** Which children sit one level deeper (see LangRules.nestedChildren). */
  nest: readonly string[] | '*' | null;
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

interface Counters {
  tokens: number;
  statements: number;
}

/** Applies the cyclomatic and cognitive rules of one language while the walker moves. */
export class Scorer {
  readonly functions: FnRecord[] = [];
  private readonly stack: FnRecord[] = [];

  constructor(private readonly rules: LangRules) {}

  frameFor(cursor: TreeCursor, parent: Frame | null): Frame {
    const r = this.rules;
    const type = cursor.nodeType;
    const named = cursor.nodeIsNamed;
    const field = cursor.currentFieldName;
    let level = parent ? parent.level : 0;
    let elseIf = false;
    if (parent) {
      const nest = parent.nest;
      if (nest === '*' || (nest && ((field !== null && nest.includes(field)) || nest.includes(type)))) level++;
      if (parent.isIf && field === r.alternativeField && named) {
        if (r.ifTypes.has(type)) elseIf = true;
        else if (type !== r.elseClause && type !== r.elifClause) {
          // Go and Java have no else node: the alternative block itself is the `else` (+1 flat, nests).
          this.flat(1);
          level = parent.level + 1;
        }
      } else if (parent.elseIfChild && named && r.ifTypes.has(type)) elseIf = true;
    }
    const parentLogical = parent?.logicalCtx ?? false;
    return {
      type,
      level,
      nest: named ? (r.nestedChildren[type] ?? null) : null,
      isIf: named && r.ifTypes.has(type),
      underIf: parent?.isIf ?? false,
      elseIf,
      elseIfChild: false,
      logicalCtx: named && r.parenTypes.has(type) ? parentLogical : false,
      parentLogical,
      suppressTokens: parent?.suppressTokens ?? false,
      fn: null,
    };
  }

  /** Scores one named node. */
  score(frame: Frame, get: () => Node, cursor: TreeCursor, at: Counters): void {
    const r = this.rules;
    const type = frame.type;
    if (r.functionTypes.has(type) && this.enterFunction(frame, get(), cursor, at)) return;
    const owner = this.stack[this.stack.length - 1];
    if (owner && (r.decisions.has(type) || r.guardedDecisions[type]?.(get()))) owner.cyclomatic++;
    if (type === r.elifClause) this.flat(1);
    else if (frame.isIf) {
      if (frame.elseIf) this.flat(1);
      else this.structural(frame.level);
    } else if (r.structural.has(type)) this.structural(frame.level);
    else if (type === r.elseClause && frame.underIf) this.elseClause(frame, get());
    if (r.jumps[type]?.(get())) this.flat(1);
    if (r.logicalTypes.has(type) || r.cyclomaticOnlyTypes.has(type)) this.logical(frame, get(), owner);
    if (!owner) return;
    if (r.returnTypes.has(type)) owner.exits++;
    if (r.callTypes.has(type)) this.call(get());
    if (r.yieldTypes?.has(type) && (owner.info.kind === 'function' || owner.info.kind === 'method')) {
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
    const info = this.rules.describe(node);
    if (!info) return false;
    const end = cursor.endPosition;
    const f: FnRecord = {
      info,
      startRow: cursor.startPosition.row,
      endRow: lastRow(cursor.startPosition.row, end.row, end.column),
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
    frame.nest = '*'; // nested functions raise the nesting of everything inside them
    return true;
  }

  /** else: +1 flat and its body one deeper, unless it only wraps an `if` (then that is an else-if). */
  private elseClause(frame: Frame, node: Node): void {
    const inner = node.namedChildren.find((c) => c !== null && !c.isExtra);
    if (inner && this.rules.ifTypes.has(inner.type)) {
      frame.elseIfChild = true;
      return;
    }
    this.flat(1);
    frame.nest = '*';
  }

  private logical(frame: Frame, node: Node, owner: FnRecord | undefined): void {
    const r = this.rules;
    let decisions = 0;
    let logical = false;
    for (const c of node.children) {
      if (!c || c.isNamed) continue;
      if (r.logicalOps.has(c.type) && r.logicalTypes.has(frame.type)) {
        decisions++;
        logical = true;
      } else if (r.cyclomaticOnlyOps.has(c.type) && r.cyclomaticOnlyTypes.has(frame.type)) decisions++;
    }
    if (owner) owner.cyclomatic += decisions;
    frame.logicalCtx = logical;
    if (logical && !frame.parentLogical) this.flat(countSequences(node, r));
  }

  /** Recursion: the call names the function itself, bare or through its own receiver. */
  private call(node: Node): void {
    const { name, receiver } = this.rules.callee(node);
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

export function isLogical(node: Node, rules: LangRules): boolean {
  if (!rules.logicalTypes.has(node.type)) return false;
  return node.children.some((c) => c !== null && !c.isNamed && rules.logicalOps.has(c.type));
}

/**
 * Number of sequences of like logical operators in a logical expression tree, read in source
 * order through parentheses: `a && b || c` → 2, `a || b && c || d` → 3. Iterative.
 */
export function countSequences(root: Node, rules: LangRules): number {
  const stack: Node[] = [root];
  let prev = '';
  let count = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!n.isNamed) {
      if (rules.logicalOps.has(n.type)) {
        if (n.type !== prev) count++;
        prev = n.type;
      }
      continue;
    }
    if (!rules.parenTypes.has(n.type) && !isLogical(n, rules)) continue;
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return count;
}
