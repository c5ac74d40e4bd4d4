import type { Node } from 'web-tree-sitter';
import type { RawImport } from '../../types.js';
import { findAll, lineOf, namedChildrenOf } from './common.js';

// Rust: `mod x;` (no body) → 'mod:x' (inside inline `mod a { mod x; }` → 'mod:a::x');
// every leaf of a `use` tree becomes one path 'crate::a::B' (lists are expanded, `as`
// aliases, `*` and trailing `self` dropped); `extern crate foo;` → 'foo'. A `use` inside an
// inline module is rewritten relative to the file's own module, so the resolver never
// needs to know about inline modules. `#[path = "…"]` attributes are not followed.

export function extractRustImports(root: Node): RawImport[] {
  const out: RawImport[] = [];
  for (const node of findAll(root, ['mod_item', 'use_declaration', 'extern_crate_declaration'])) {
    const line = lineOf(node);
    if (node.type === 'mod_item') {
      const name = node.childForFieldName('name')?.text;
      if (name && !node.childForFieldName('body'))
        out.push({ specifier: `mod:${[...inlineModules(node), name].join('::')}`, kind: 'static', line });
    } else if (node.type === 'extern_crate_declaration') {
      const name = node.childForFieldName('name')?.text;
      if (name && name !== 'self') out.push({ specifier: name, kind: 'static', line });
    } else {
      const inline = inlineModules(node);
      for (const path of usePaths(node.childForFieldName('argument'))) {
        out.push({ specifier: relativeToFile(path, inline).join('::'), kind: 'static', line });
      }
    }
  }
  return out;
}

/** Names of the inline `mod a { … }` blocks around a node, outermost first (walks parents, no recursion). */
function inlineModules(node: Node): string[] {
  const names: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'mod_item') {
      const name = p.childForFieldName('name')?.text;
      if (name) names.unshift(name);
    }
  }
  return names;
}

function segmentsOf(node: Node): string[] {
  return node.text
    .replace(/\s+/g, '')
    .split('::')
    .filter((s) => s.length > 0);
}

/** Expands a use tree into its leaf paths with an explicit stack. */
function usePaths(argument: Node | null): string[][] {
  const paths: string[][] = [];
  const stack: { prefix: string[]; node: Node }[] = argument ? [{ prefix: [], node: argument }] : [];
  while (stack.length > 0) {
    const { prefix, node } = stack.pop()!;
    if (node.type === 'scoped_use_list' || node.type === 'use_list') {
      const path = node.childForFieldName('path');
      const list = node.type === 'use_list' ? node : node.childForFieldName('list');
      const next = path ? [...prefix, ...segmentsOf(path)] : prefix;
      const items = list ? namedChildrenOf(list) : [];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ prefix: next, node: items[i]! });
      continue;
    }
    const target =
      node.type === 'use_as_clause'
        ? node.childForFieldName('path')
        : node.type === 'use_wildcard'
          ? namedChildrenOf(node)[0]
          : node;
    const segments = [...prefix, ...(target ? segmentsOf(target) : [])].filter((s) => s !== '*');
    if (segments.length > 1 && segments[segments.length - 1] === 'self') segments.pop();
    if (segments.length > 0) paths.push(segments);
  }
  return paths;
}

/** Rewrites `self::`/`super::` inside inline modules so they are relative to the file's module. */
function relativeToFile(path: string[], inline: string[]): string[] {
  if (inline.length === 0) return path;
  if (path[0] === 'self') return ['self', ...inline, ...path.slice(1)];
  let ups = 0;
  while (path[ups] === 'super') ups++;
  if (ups === 0) return path;
  const rest = path.slice(ups);
  if (ups <= inline.length) return ['self', ...inline.slice(0, inline.length - ups), ...rest];
  return [...Array<string>(ups - inline.length).fill('super'), ...rest];
}
