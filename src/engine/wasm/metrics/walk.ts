import type { Node, TreeCursor } from 'web-tree-sitter';
import {
  ATOMIC,
  BLANK,
  CLOSER,
  COMMENT,
  IGNORED,
  NAMED,
  NAMED_OPERATOR,
  STATEMENT,
  slotOf,
  type Compiled,
} from './compiled.js';
import type { FnRecord, LineMarks, Tokens } from './record.js';
import type { Rows } from './rows.js';
import { Scorer, newFrame, type Current, type Frame } from './scorer.js';

export interface WalkResult {
  functions: FnRecord[];
  tokens: Tokens;
  lines: LineMarks;
  statements: number;
}

/**
 * One iterative pre-order pass over the tree with a TreeCursor (no recursion: 10,000 nested
 * blocks must not overflow the stack). Frames are kept in an explicit array by depth.
 *
 * Every cursor read is a call into WASM, so a node costs as few as possible: its type id
 * (rules come from the compiled tables), its field only when the parent's rules need it,
 * its offsets only when it is a leaf, a comment, an atomic operand or a function (rows come
 * from `Rows`, text from slicing the source), and a Node object only when a rule reads it.
 */
export function walk(root: Node, c: Compiled, source: string, rows: Rows, lineCount: number): WalkResult {
  const w = new Walker(root.walk(), c, source, rows, lineCount);
  try {
    w.run();
  } finally {
    w.cursor.delete();
  }
  return { functions: w.scorer.functions, tokens: w.tokens, lines: w.lines, statements: w.statements };
}

class Walker implements Current {
  readonly scorer: Scorer;
  readonly tokens: Tokens = { isOperator: [], key: [] };
  readonly lines: LineMarks;
  statements = 0;
  private readonly frames: Frame[] = [];
  /** The current node's Node object, once a rule asked for it (reset on every move). */
  private current: Node | null = null;

  constructor(
    readonly cursor: TreeCursor,
    private readonly c: Compiled,
    private readonly source: string,
    private readonly rows: Rows,
    lineCount: number,
  ) {
    this.scorer = new Scorer(c, source, rows);
    this.lines = { code: new Uint8Array(lineCount), comment: new Uint8Array(lineCount) };
  }

  node(): Node {
    return (this.current ??= this.cursor.currentNode);
  }

  /** Pre-order traversal; `enter` returns whether to descend; `leaf` runs on childless nodes. */
  run(): void {
    const cursor = this.cursor;
    let depth = 0;
    let descend = this.enter(0);
    for (;;) {
      if (descend) {
        if (cursor.gotoFirstChild()) {
          depth++;
          descend = this.enter(depth);
          continue;
        }
        this.leaf(depth);
      }
      for (;;) {
        this.leave(depth);
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) {
          descend = this.enter(depth);
          break;
        }
        cursor.gotoParent();
        depth--;
      }
    }
  }

  private enter(depth: number): boolean {
    const cursor = this.cursor;
    this.current = null;
    const frame = (this.frames[depth] ??= newFrame());
    this.scorer.initFrame(frame, slotOf(this.c, cursor.nodeTypeId), cursor, depth > 0 ? this.frames[depth - 1]! : null);
    const flags = frame.flags;
    if (flags & IGNORED) return false;
    if (flags & COMMENT) {
      this.rows.mark(this.lines.comment, cursor.startIndex, cursor.endIndex);
      return false;
    }
    if (!(flags & NAMED)) return true;
    if (flags & STATEMENT) {
      const guard = this.c.guardedStatement[frame.slot];
      if (!guard || guard(this.node())) this.statements++;
    }
    if (flags & ATOMIC && !frame.suppressTokens) {
      frame.suppressTokens = true;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      this.tokens.isOperator.push(false);
      this.tokens.key.push(this.source.slice(start, end));
      this.rows.mark(this.lines.code, start, end);
    }
    this.scorer.score(frame, this, cursor, { tokens: this.tokens.key.length, statements: this.statements });
    return true;
  }

  private leaf(depth: number): void {
    const frame = this.frames[depth]!;
    // Inside an atomic operand a leaf neither counts nor marks a row the operand did not mark.
    if (frame.suppressTokens || frame.flags & COMMENT) return;
    const start = this.cursor.startIndex;
    const end = this.cursor.endIndex;
    if (start === end) return;
    this.rows.mark(this.lines.code, start, end);
    const flags = frame.flags;
    if (flags & NAMED) {
      const op = (flags & NAMED_OPERATOR) !== 0;
      this.tokens.isOperator.push(op);
      this.tokens.key.push(op ? this.c.names[frame.slot]! : this.source.slice(start, end));
    } else if (!(flags & (CLOSER | BLANK))) {
      // Closing brackets are the second half of a pair counted by its opener; blank tokens are layout.
      this.tokens.isOperator.push(true);
      this.tokens.key.push(this.c.names[frame.slot]!);
    }
  }

  private leave(depth: number): void {
    const frame = this.frames[depth]!;
    if (frame.fn) this.scorer.leave(frame, { tokens: this.tokens.key.length, statements: this.statements });
  }
}
