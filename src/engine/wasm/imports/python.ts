import type { Node } from 'web-tree-sitter';
import type { RawImport } from '../../types.js';
import { findAll, lineOf, namedChildrenOf } from './common.js';

// Python: `import a.b, c as d` gives one import per module; `from X import a, b` gives one
// import of X with names [a, b] (the resolver checks whether a name is a submodule);
// relative imports keep their dots in the specifier and their count in `level`.
// `from __future__ import …` is a compiler directive, not an import. Imports inside
// functions, `try` and `if` blocks count like top-level ones.

export function extractPythonImports(root: Node): RawImport[] {
  const out: RawImport[] = [];
  for (const node of findAll(root, ['import_statement', 'import_from_statement'])) {
    if (node.type === 'import_statement') out.push(...plainImports(node));
    else {
      const found = fromImport(node);
      if (found) out.push(found);
    }
  }
  return out;
}

function moduleNameOf(node: Node): string | undefined {
  if (node.type === 'dotted_name') return node.text;
  if (node.type === 'aliased_import') return node.childForFieldName('name')?.text;
  return undefined;
}

function plainImports(node: Node): RawImport[] {
  const line = lineOf(node);
  return node
    .childrenForFieldName('name')
    .map((n) => (n ? moduleNameOf(n) : undefined))
    .filter((name): name is string => name !== undefined)
    .map((specifier) => ({ specifier, kind: 'static', line }));
}

function fromImport(node: Node): RawImport | undefined {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return undefined;
  let level = 0;
  if (moduleNode.type === 'relative_import') {
    const prefix = namedChildrenOf(moduleNode).find((c) => c.type === 'import_prefix');
    level = prefix ? prefix.text.length : 0;
  }
  const specifier = moduleNode.text.replace(/\s+/g, '');
  const wildcard = namedChildrenOf(node).some((c) => c.type === 'wildcard_import');
  const names = wildcard
    ? ['*']
    : node
        .childrenForFieldName('name')
        .map((n) => (n ? moduleNameOf(n) : undefined))
        .filter((name): name is string => name !== undefined);
  const raw: RawImport = { specifier, kind: 'static', line: lineOf(node), names };
  if (level > 0) raw.level = level;
  return raw;
}
