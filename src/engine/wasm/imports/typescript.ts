import type { Node } from 'web-tree-sitter';
import type { ImportKind, RawImport } from '../../types.js';
import { findAll, hasToken, lineOf, namedChildrenOf, unquote } from './common.js';

// TS/JS imports: static `import`, `export … from` (reexport), `import type`/`export type`
// and imports whose every binding is type-only (type), `require("x")` and `import("x")`
// with a plain string literal (dynamic). Template strings and computed specifiers are not
// imports we can resolve, so they are left out.

export function extractTsImports(root: Node): RawImport[] {
  const out: RawImport[] = [];
  for (const node of findAll(root, ['import_statement', 'export_statement', 'call_expression'])) {
    const found = node.type === 'call_expression' ? fromCall(node) : fromStatement(node);
    if (found) out.push(found);
  }
  return out;
}

function fromStatement(node: Node): RawImport | undefined {
  const requireClause = namedChildrenOf(node).find((c) => c.type === 'import_require_clause');
  // `import fs = require("fs")` is TypeScript's CommonJS import: a static import.
  const source = node.childForFieldName('source') ?? requireClause?.childForFieldName('source');
  if (!source || source.type !== 'string') return undefined;
  const specifier = unquote(source);
  const line = lineOf(node);
  if (node.type === 'export_statement') {
    const kind: ImportKind = hasToken(node, 'type') || allBindingsTypeOnly(node, 'export_clause', 'export_specifier') ? 'type' : 'reexport';
    return { specifier, kind, line };
  }
  const typeOnly = hasToken(node, 'type') || allBindingsTypeOnly(node, 'import_clause', 'import_specifier');
  return { specifier, kind: typeOnly ? 'type' : 'static', line };
}

/**
 * True when the statement binds names and every binding is marked `type`. A default or
 * namespace binding is a value binding; a statement with no bindings (`import "./x"`,
 * `import {} from "./x"`) runs the module for its effects, so it is not type-only.
 */
function allBindingsTypeOnly(node: Node, clauseType: string, specifierType: string): boolean {
  const clause = namedChildrenOf(node).find((c) => c.type === clauseType);
  if (!clause) return false;
  const specifiers: Node[] = [];
  for (const part of namedChildrenOf(clause)) {
    if (part.type === specifierType) specifiers.push(part);
    else if (part.type === 'named_imports') specifiers.push(...namedChildrenOf(part).filter((s) => s.type === specifierType));
    else return false; // default or namespace binding
  }
  return specifiers.length > 0 && specifiers.every((s) => hasToken(s, 'type'));
}

function fromCall(node: Node): RawImport | undefined {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  const isRequire = fn.type === 'identifier' && fn.text === 'require';
  if (!isRequire && fn.type !== 'import') return undefined;
  const args = node.childForFieldName('arguments');
  const first = args ? namedChildrenOf(args) : [];
  if (first.length < 1 || first[0]?.type !== 'string') return undefined;
  // `require(x, …)` with extra arguments is not Node's require; `import(x, opts)` still is.
  if (isRequire && first.length !== 1) return undefined;
  return { specifier: unquote(first[0]), kind: 'dynamic', line: lineOf(node) };
}
