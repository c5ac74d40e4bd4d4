import type { Node } from 'web-tree-sitter';
import type { Language, SymbolInfo } from '../../types.js';
import { goStructure } from './lang/go.js';
import { javaStructure } from './lang/java.js';
import { pythonStructure } from './lang/python.js';
import { rustStructure } from './lang/rust.js';
import { typescriptStructure } from './lang/typescript.js';
import { membersOf, type Ctx, type StructureRules } from './types.js';

const RULES: Record<Language, StructureRules> = {
  typescript: typescriptStructure,
  tsx: typescriptStructure,
  javascript: typescriptStructure,
  python: pythonStructure,
  go: goStructure,
  rust: rustStructure,
  java: javaStructure,
};

// A signature is the declaration's first line, trimmed, and capped so that a minified file
// (one huge line) does not blow up a result. The cap counts UTF-16 code units.
export const SIGNATURE_MAX = 200;

export function signatureOf(node: Node): string {
  const text = node.text;
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  return first.length > SIGNATURE_MAX ? first.slice(0, SIGNATURE_MAX) : first;
}

/**
 * The symbol tree of a file (METRICS.md "Structure"): declarations at the top level and,
 * inside them, their members (class bodies, namespaces, modules, impl and trait blocks).
 * Locals inside function bodies are not structure. Iterative: an explicit stack of
 * containers, so deeply nested classes cannot overflow the stack.
 */
export function extractSymbols(root: Node, language: Language, _source: string): SymbolInfo[] {
  const rules = RULES[language];
  const top: SymbolInfo[] = [];
  const stack: { nodes: Node[]; out: SymbolInfo[]; ctx: Ctx }[] = [
    { nodes: membersOf(root), out: top, ctx: { parentKind: null, parentExported: true } },
  ];
  while (stack.length > 0) {
    const { nodes, out, ctx } = stack.pop()!;
    for (const node of nodes) {
      for (const f of rules.symbols(node, ctx)) {
        const end = f.node.endPosition;
        const sym: SymbolInfo = {
          name: f.name,
          kind: f.kind,
          startLine: f.node.startPosition.row + 1,
          endLine: (end.column === 0 && end.row > f.node.startPosition.row ? end.row - 1 : end.row) + 1,
          exported: f.exported,
          signature: signatureOf(f.node),
          children: [],
        };
        out.push(sym);
        if (f.members && f.members.length > 0) {
          stack.push({ nodes: f.members, out: sym.children, ctx: { parentKind: f.kind, parentExported: f.exported } });
        }
      }
    }
  }
  return top;
}
