import type { Node } from 'web-tree-sitter';
import type { ParseErrors } from '../types.js';

/**
 * ERROR and MISSING nodes of a tree (METRICS.md "Bad input"): every such node counts once
 * (an ERROR inside an ERROR counts twice); `first` holds the first `maxLocations` in source
 * order. Lines and columns are 1-based; columns count UTF-16 code units (web-tree-sitter's
 * positions, and what editors and LSP use), so the native engine converts from bytes.
 * Iterative, and subtrees without errors are skipped (hasError), so a valid file costs O(1).
 */
export function collectParseErrors(root: Node, maxLocations = 10): ParseErrors {
  const result: ParseErrors = { count: 0, first: [] };
  if (!root.hasError) return result;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      result.count++;
      if (result.first.length < maxLocations) {
        result.first.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
      }
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c && (c.hasError || c.isMissing)) stack.push(c);
    }
  }
  return result;
}
