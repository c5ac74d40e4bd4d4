import type { Node } from 'web-tree-sitter';
import type { ImportKind, RawImport } from '../../types.js';
import { findAll, hasToken, lineOf, namedChildrenOf, unquote } from './common.js';

// TS/JS imports: static `import`, `export … from` (reexport), `import type`/`export type`
// and imports whose every binding is type-only (type), `import("x")` with a plain string
// literal (dynamic: it never runs a module while the importer is evaluated), and
// `require("x")`, whose kind says when it runs (METRICS.md): in a function's parameters or
// body, or in an instance field's initializer, when the function is called or the object
// built (dynamic); anywhere else, blocks, `if`, `try`, static fields and static blocks of a
// module-level class included, when the module is imported (static). Template strings and
// computed specifiers are not imports we can resolve, so they are left out.
// Same rules, same order as crates/engine/src/imports/typescript.rs.

/**
 * A span of the file that runs later than the module's evaluation: a function's parameters
 * and body, or an instance field's initializer.
 */
interface Region {
  start: number;
  end: number;
}

const FUNCTION_TYPES = [
  'function_declaration',
  'function_expression',
  'generator_function_declaration',
  'generator_function',
  'arrow_function',
  'method_definition',
];
const FIELD_TYPES = ['field_definition', 'public_field_definition'];

/**
 * The nodes come in document order: the imports and calls, plus the functions and class
 * fields that open regions. Regions nest, so the open ones are a stack and one pass places
 * every require (no walk up the parents).
 */
export function extractTsImports(root: Node): RawImport[] {
  const types = ['import_statement', 'export_statement', 'call_expression', ...FUNCTION_TYPES, ...FIELD_TYPES];
  const nodes = findAll(root, types);
  const regions: Region[] = [];
  const out: RawImport[] = [];
  for (const node of nodes) {
    const at = node.startIndex;
    while (regions.length > 0 && regions[regions.length - 1]!.end <= at) regions.pop();
    let found: RawImport | undefined;
    if (node.type === 'import_statement' || node.type === 'export_statement') found = fromStatement(node);
    // A region starting after `at` is a method whose computed name holds `at`.
    else if (node.type === 'call_expression')
      found = fromCall(
        node,
        regions.some((r) => r.start <= at),
      );
    else if (FIELD_TYPES.includes(node.type)) pushFieldRegion(regions, node);
    else pushFunctionRegion(regions, node);
    if (found) out.push(found);
  }
  return out;
}

/** A static field runs with its class; an instance field when an object is built. */
function pushFieldRegion(regions: Region[], node: Node): void {
  const value = node.childForFieldName('value');
  if (value && !hasToken(node, 'static')) regions.push({ start: value.startIndex, end: value.endIndex });
}

/** Parameters (their default values run at each call) through the body. */
function pushFunctionRegion(regions: Region[], node: Node): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  const first = node.childForFieldName('parameters') ?? node.childForFieldName('parameter') ?? body;
  regions.push({ start: first.startIndex, end: body.endIndex });
}

function fromStatement(node: Node): RawImport | undefined {
  const requireClause = namedChildrenOf(node).find((c) => c.type === 'import_require_clause');
  // `import fs = require("fs")` is TypeScript's CommonJS import: a static import.
  const source = node.childForFieldName('source') ?? requireClause?.childForFieldName('source');
  if (!source || source.type !== 'string') return undefined;
  const specifier = unquote(source);
  const line = lineOf(node);
  if (node.type === 'export_statement') {
    const kind: ImportKind =
      hasToken(node, 'type') || allBindingsTypeOnly(node, 'export_clause', 'export_specifier') ? 'type' : 'reexport';
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
    else if (part.type === 'named_imports')
      specifiers.push(...namedChildrenOf(part).filter((s) => s.type === specifierType));
    else return false; // default or namespace binding
  }
  return specifiers.length > 0 && specifiers.every((s) => hasToken(s, 'type'));
}

/**
 * `deferred`: the call runs later than the module's evaluation (in a function or an instance
 * field), which makes a `require` dynamic; `import()` is dynamic anywhere.
 */
function fromCall(node: Node, deferred: boolean): RawImport | undefined {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  const isRequire = fn.type === 'identifier' && fn.text === 'require';
  if (!isRequire && fn.type !== 'import') return undefined;
  const args = node.childForFieldName('arguments');
  const first = args ? namedChildrenOf(args) : [];
  if (first.length < 1 || first[0]?.type !== 'string') return undefined;
  // `require(x, …)` with extra arguments is not Node's require; `import(x, opts)` still is.
  if (isRequire && first.length !== 1) return undefined;
  const kind: ImportKind = isRequire && !deferred ? 'static' : 'dynamic';
  return { specifier: unquote(first[0]), kind, line: lineOf(node) };
}
