import type { Node } from 'web-tree-sitter';
import type { RawImport } from '../../types.js';
import { findAll, lineOf, namedChildrenOf, unquote } from './common.js';

// Go: one import per import spec (the path literal, alias dropped); packageName is the
// package clause. Resolution is per package directory, so names are not needed.

export function extractGoImports(root: Node): { imports: RawImport[]; packageName?: string } {
  const imports: RawImport[] = [];
  let packageName: string | undefined;
  for (const node of findAll(root, ['package_clause', 'import_spec'])) {
    if (node.type === 'package_clause') {
      packageName ??= namedChildrenOf(node).find((c) => c.type === 'package_identifier')?.text;
      continue;
    }
    const path = node.childForFieldName('path');
    if (path) imports.push({ specifier: unquote(path), kind: 'static', line: lineOf(node) });
  }
  return packageName === undefined ? { imports } : { imports, packageName };
}
