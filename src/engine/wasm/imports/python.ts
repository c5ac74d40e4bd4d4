import type { Node } from 'web-tree-sitter';
import type { ImportKind, RawImport } from '../../types.js';
import { findAll, lineOf, namedChildrenOf } from './common.js';

// Python: `import a.b, c as d` gives one import per module; `from X import a, b` gives one
// import of X with names [a, b] (the resolver checks whether a name is a submodule);
// relative imports keep their dots in the specifier and their count in `level`;
// `importlib.import_module("a.b")` with a literal name gives `a.b`.
// The kind says when the import runs (METRICS.md): under `if TYPE_CHECKING:` never at run
// time (`type`); in the body of a def or lambda when the function is called (`dynamic`);
// anywhere else, `try`/`if`/`class` blocks included, when the module is imported (`static`).
// An `import_module` call is `dynamic` wherever it is (`type` under `TYPE_CHECKING`).
// Same rules, same order as crates/engine/src/imports/python.rs.

/**
 * A span of the file whose code does not run at import time: a def or lambda body (`dynamic`) or the body of `if
 * TYPE_CHECKING:` (`type`).
 */
interface Region {
  start: number;
  end: number;
  kind: ImportKind;
}

/**
 * The nodes come in document order: the imports, plus the defs, lambdas and ifs that open
 * regions. Regions nest, so the open ones are a stack and one pass places every import (no
 * walk up the parents).
 */
export function extractPythonImports(root: Node): RawImport[] {
  const nodes = findAll(root, [
    'import_statement',
    'import_from_statement',
    'call',
    'function_definition',
    'lambda',
    'if_statement',
    'elif_clause',
  ]);
  const loaders = importModuleNames(nodes);
  const regions: Region[] = [];
  const out: RawImport[] = [];
  for (const node of nodes) {
    const at = node.startIndex;
    while (regions.length > 0 && regions[regions.length - 1]!.end <= at) regions.pop();
    switch (node.type) {
      case 'function_definition':
      case 'lambda':
        pushRegion(regions, node.childForFieldName('body'), 'dynamic');
        break;
      case 'if_statement':
      case 'elif_clause':
        if (isTypeChecking(node.childForFieldName('condition')))
          pushRegion(regions, node.childForFieldName('consequence'), 'type');
        break;
      case 'import_statement':
        out.push(...plainImports(node, kindAt(regions, at)));
        break;
      case 'import_from_statement': {
        const found = fromImport(node, kindAt(regions, at));
        if (found) out.push(found);
        break;
      }
      default: {
        const specifier = importModuleCall(node, loaders);
        // A call names its module at run time: dynamic, unless it never runs.
        if (specifier !== undefined)
          out.push({ specifier, kind: kindAt(regions, at) === 'type' ? 'type' : 'dynamic', line: lineOf(node) });
      }
    }
  }
  return out;
}

function pushRegion(regions: Region[], body: Node | null, kind: ImportKind): void {
  if (body) regions.push({ start: body.startIndex, end: body.endIndex, kind });
}

/**
 * When code at `at` runs: `type` in a `TYPE_CHECKING` body (a def there included), `dynamic`
 * in a def or lambda body, else `static`. The open regions all end after `at`; one that
 * starts after it is the body of a def whose parameters hold `at`.
 */
function kindAt(regions: readonly Region[], at: number): ImportKind {
  let kind: ImportKind = 'static';
  for (const r of regions) {
    if (r.start > at) continue;
    if (r.kind === 'type') return 'type';
    kind = r.kind;
  }
  return kind;
}

/** `TYPE_CHECKING` or `<anything>.TYPE_CHECKING`, as mypy reads it; nothing more complex. */
function isTypeChecking(condition: Node | null): boolean {
  if (condition?.type === 'identifier') return condition.text === 'TYPE_CHECKING';
  if (condition?.type === 'attribute') return condition.childForFieldName('attribute')?.text === 'TYPE_CHECKING';
  return false;
}

function moduleNameOf(node: Node): string | undefined {
  if (node.type === 'dotted_name') return node.text;
  if (node.type === 'aliased_import') return node.childForFieldName('name')?.text;
  return undefined;
}

function plainImports(node: Node, kind: ImportKind): RawImport[] {
  const line = lineOf(node);
  return node
    .childrenForFieldName('name')
    .map((n) => (n ? moduleNameOf(n) : undefined))
    .filter((name): name is string => name !== undefined)
    .map((specifier) => ({ specifier, kind, line }));
}

function fromImport(node: Node, kind: ImportKind): RawImport | undefined {
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
  const raw: RawImport = { specifier, kind, line: lineOf(node), names };
  if (level > 0) raw.level = level;
  return raw;
}

/** The local names `from importlib import import_module [as x]` binds anywhere in the file. */
function importModuleNames(nodes: Node[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    if (node.type !== 'import_from_statement' || node.childForFieldName('module_name')?.text !== 'importlib') continue;
    for (const n of node.childrenForFieldName('name')) {
      if (!n || moduleNameOf(n) !== 'import_module') continue;
      const local = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text;
      if (local !== undefined) names.add(local);
    }
  }
  return names;
}

/**
 * `importlib.import_module("a.b")`, or `import_module("a.b")` through a name bound from
 * importlib: the module it names, when the first argument is a plain string literal naming
 * an absolute module.
 */
function importModuleCall(node: Node, loaders: Set<string>): string | undefined {
  const callee = node.childForFieldName('function');
  let isLoader = false;
  if (callee?.type === 'identifier') isLoader = loaders.has(callee.text);
  else if (callee?.type === 'attribute') {
    const object = callee.childForFieldName('object');
    isLoader =
      object?.type === 'identifier' &&
      object.text === 'importlib' &&
      callee.childForFieldName('attribute')?.text === 'import_module';
  }
  const args = node.childForFieldName('arguments');
  if (!isLoader || args?.type !== 'argument_list') return undefined;
  const first = namedChildrenOf(args).find((c) => !c.isExtra);
  return first ? literalModuleName(first) : undefined;
}

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The text of a string literal without prefix letters other than r/u/f, escapes or
 * interpolations, when it is a dotted module name (ASCII identifiers; no leading dot).
 */
function literalModuleName(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  const [start, content, end, ...rest] = namedChildrenOf(node);
  if (
    start?.type !== 'string_start' ||
    content?.type !== 'string_content' ||
    end?.type !== 'string_end' ||
    rest.length > 0
  )
    return undefined;
  if (!/^[rRuUfF]*["']+$/.test(start.text)) return undefined;
  return MODULE_NAME.test(content.text) ? content.text : undefined;
}
