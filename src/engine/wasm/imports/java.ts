import type { Node } from 'web-tree-sitter';
import type { RawImport } from '../../types.js';
import { findAll, hasToken, lineOf, namedChildrenOf } from './common.js';

// Java: `import a.b.C;` → specifier 'a.b.C', names ['C']; `import a.b.*;` → 'a.b.*', ['*'].
// A static import names a member of a type, so it is reduced to the type:
// `import static a.b.C.m;` and `import static a.b.C.*;` both → 'a.b.C', ['C'].

export function extractJavaImports(root: Node): { imports: RawImport[]; packageName?: string } {
  const imports: RawImport[] = [];
  let packageName: string | undefined;
  for (const node of findAll(root, ['package_declaration', 'import_declaration'])) {
    const name = namedChildrenOf(node).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
    if (!name) continue;
    const dotted = name.text.replace(/\s+/g, '');
    if (node.type === 'package_declaration') {
      packageName ??= dotted;
      continue;
    }
    imports.push(importOf(node, dotted));
  }
  return packageName === undefined ? { imports } : { imports, packageName };
}

function importOf(node: Node, dotted: string): RawImport {
  const wildcard = namedChildrenOf(node).some((c) => c.type === 'asterisk');
  const line = lineOf(node);
  if (hasToken(node, 'static')) {
    const typePath = wildcard ? dotted : dotted.slice(0, Math.max(0, dotted.lastIndexOf('.')));
    return { specifier: typePath, kind: 'static', line, names: [lastSegment(typePath)] };
  }
  if (wildcard) return { specifier: `${dotted}.*`, kind: 'static', line, names: ['*'] };
  return { specifier: dotted, kind: 'static', line, names: [lastSegment(dotted)] };
}

function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}
