import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../../types.js';

/** Where a candidate declaration sits: the enclosing symbol, if any. */
export interface Ctx {
  parentKind: SymbolKind | null;
  parentExported: boolean;
}

/** One symbol found by a language file, before lines and signature are read off `node`. */
export interface Found {
  /** The node whose lines and first line are the symbol's (an `export` wrapper included). */
  node: Node;
  name: string;
  kind: SymbolKind;
  exported: boolean;
  /** Nodes to scan for child symbols (a class body's members); none for leaves. */
  members?: Node[];
}

/** Structure rules of one language: which nodes declare symbols (METRICS.md "Structure"). */
export interface StructureRules {
  symbols(node: Node, ctx: Ctx): Found[];
}

/** Named, non-comment children of a node (the candidates for member symbols). */
export function membersOf(body: Node | null | undefined): Node[] {
  if (!body) return [];
  return body.namedChildren.filter((c): c is Node => c !== null && !c.isExtra);
}
