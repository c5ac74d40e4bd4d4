import type { Node, TreeCursor } from 'web-tree-sitter';
import type { LangRules } from './types.js';
import { markRows, type FnRecord, type LineMarks, type Tokens } from './record.js';
import { Scorer, type Frame } from './scorer.js';

// Closing brackets are the second half of a pair whose opener is already counted as the
// operator (Halstead counts `( )` once); whitespace-only anonymous tokens are layout.
const CLOSERS = new Set([')', ']', '}']);

export interface WalkResult {
  functions: FnRecord[];
  tokens: Tokens;
  lines: LineMarks;
  statements: number;
}

/**
 * One iterative pre-order pass over the tree with a TreeCursor (no recursion: 10,000 nested
 * blocks must not overflow the stack). Frames are kept in an explicit array by depth.
 */
export function walk(root: Node, rules: LangRules, lineCount: number): WalkResult {
  const s = new Scorer(rules);
  const tokens: Tokens = { isOperator: [], key: [] };
  const lines: LineMarks = { code: new Uint8Array(lineCount), comment: new Uint8Array(lineCount) };
  const frames: Frame[] = [];
  const cursor = root.walk();
  let statements = 0;

  const enter = (depth: number): boolean => {
    const parent = depth > 0 ? frames[depth - 1]! : null;
    const frame = s.frameFor(cursor, parent);
    frames[depth] = frame;
    const type = frame.type;
    if (rules.ignored.has(type)) return false;
    if (rules.comments.has(type)) {
      markRows(lines.comment, cursor.startPosition.row, cursor.endPosition.row, cursor.endPosition.column);
      return false;
    }
    if (!cursor.nodeIsNamed) return true;
    let node: Node | undefined;
    const get = (): Node => (node ??= cursor.currentNode);
    if (rules.statements.has(type) && (rules.guardedStatements?.[type]?.(get()) ?? true)) statements++;
    if (rules.atomicOperands.has(type) && !frame.suppressTokens) {
      frame.suppressTokens = true;
      tokens.isOperator.push(false);
      tokens.key.push(cursor.nodeText);
      markRows(lines.code, cursor.startPosition.row, cursor.endPosition.row, cursor.endPosition.column);
    }
    s.score(frame, get, cursor, { tokens: tokens.key.length, statements });
    return true;
  };

  const leaf = (depth: number): void => {
    const frame = frames[depth]!;
    if (cursor.startIndex === cursor.endIndex || rules.comments.has(frame.type)) return;
    markRows(lines.code, cursor.startPosition.row, cursor.endPosition.row, cursor.endPosition.column);
    if (frame.suppressTokens) return;
    if (cursor.nodeIsNamed) {
      const op = rules.namedOperators.has(frame.type);
      tokens.isOperator.push(op);
      tokens.key.push(op ? frame.type : cursor.nodeText);
    } else if (!CLOSERS.has(frame.type) && frame.type.trim() !== '') {
      tokens.isOperator.push(true);
      tokens.key.push(frame.type);
    }
  };

  const leave = (depth: number): void => {
    s.leave(frames[depth]!, { tokens: tokens.key.length, statements });
  };

  traverse(cursor, enter, leaf, leave);
  cursor.delete();
  return { functions: s.functions, tokens, lines, statements };
}

/** Pre-order traversal; `enter` returns whether to descend; `leaf` runs on childless nodes. */
function traverse(
  cursor: TreeCursor,
  enter: (depth: number) => boolean,
  leaf: (depth: number) => void,
  leave: (depth: number) => void,
): void {
  let depth = 0;
  let descend = enter(0);
  for (;;) {
    if (descend) {
      if (cursor.gotoFirstChild()) {
        depth++;
        descend = enter(depth);
        continue;
      }
      leaf(depth);
    }
    for (;;) {
      leave(depth);
      if (depth === 0) return;
      if (cursor.gotoNextSibling()) {
        descend = enter(depth);
        break;
      }
      cursor.gotoParent();
      depth--;
    }
  }
}
