import type { Node } from 'web-tree-sitter';

/** 1-based line of a node's first character. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** The contents of a quoted literal without its delimiters (escapes are not decoded: specifiers never need them). */
export function unquote(node: Node): string {
  const text = node.text;
  return text.length >= 2 ? text.slice(1, -1) : '';
}

export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

export function childrenOf(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** Nodes of the given types anywhere under root, in document order (the walk runs in WASM, without recursion). */
export function findAll(root: Node, types: string[]): Node[] {
  return root.descendantsOfType(types).filter((n): n is Node => n !== null);
}

export function hasToken(node: Node, token: string): boolean {
  return childrenOf(node).some((c) => !c.isNamed && c.type === token);
}
