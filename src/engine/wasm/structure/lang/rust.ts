import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../../../types.js';
import { membersOf, type Ctx, type Found, type StructureRules } from '../types.js';

// Rust. `exported` = has a visibility modifier (`pub`, `pub(crate)`, …). An impl has no
// visibility of its own: never exported; trait items and enum variants share their owner's.

const ITEMS: Record<string, SymbolKind> = {
  function_item: 'function',
  function_signature_item: 'function',
  struct_item: 'struct',
  union_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  impl_item: 'impl',
  mod_item: 'module',
  type_item: 'type',
  associated_type: 'type',
  const_item: 'variable',
  static_item: 'variable',
};

function isPub(node: Node): boolean {
  return node.namedChildren.some((c) => c?.type === 'visibility_modifier');
}

/** `impl Foo` → `Foo`; `impl Display for Foo` → `Display for Foo` (as written). */
function implName(node: Node): string {
  const type = node.childForFieldName('type')?.text ?? '';
  const trait = node.childForFieldName('trait')?.text;
  return trait ? `${trait} for ${type}` : type;
}

function members(node: Node, kind: SymbolKind): Node[] | undefined {
  const body = node.childForFieldName('body');
  if (!body) return undefined;
  if (kind === 'struct') return membersOf(body).filter((c) => c.type === 'field_declaration');
  if (kind === 'enum') return membersOf(body).filter((c) => c.type === 'enum_variant');
  if (kind === 'impl' || kind === 'trait' || kind === 'module') return membersOf(body);
  return undefined;
}

function item(node: Node, ctx: Ctx): Found[] {
  const kind0 = ITEMS[node.type];
  if (!kind0) return [];
  const inType = ctx.parentKind === 'impl' || ctx.parentKind === 'trait';
  const kind: SymbolKind = inType && kind0 === 'function' ? 'method' : kind0;
  const name = node.type === 'impl_item' ? implName(node) : (node.childForFieldName('name')?.text ?? '');
  const exported = node.type === 'impl_item' ? false : ctx.parentKind === 'trait' ? ctx.parentExported : isPub(node);
  return [{ node, name, kind, exported, members: members(node, kind) }];
}

export const rustStructure: StructureRules = {
  symbols(node, ctx) {
    if (ctx.parentKind === 'struct' && node.type === 'field_declaration') {
      return [{ node, name: node.childForFieldName('name')?.text ?? '', kind: 'property', exported: isPub(node) }];
    }
    if (ctx.parentKind === 'enum' && node.type === 'enum_variant') {
      return [
        { node, name: node.childForFieldName('name')?.text ?? '', kind: 'property', exported: ctx.parentExported },
      ];
    }
    return item(node, ctx);
  },
};
