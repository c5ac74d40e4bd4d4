import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../../../types.js';
import { membersOf, type Ctx, type StructureRules } from '../types.js';

// Java. `exported` = declared `public`; members of an interface or annotation type are
// implicitly public unless `private`; enum constants share their enum's.

const TYPES: Record<string, SymbolKind> = {
  class_declaration: 'class',
  record_declaration: 'class',
  interface_declaration: 'interface',
  annotation_type_declaration: 'interface',
  enum_declaration: 'enum',
};

function modifiers(node: Node): string[] {
  const m = node.namedChildren.find((c) => c?.type === 'modifiers');
  return m ? m.children.flatMap((c) => (c ? [c.type] : [])) : [];
}

function isExported(node: Node, ctx: Ctx): boolean {
  const mods = modifiers(node);
  if (mods.includes('public')) return true;
  return ctx.parentKind === 'interface' && !mods.includes('private');
}

/** Members of a type body; an enum's methods sit in enum_body_declarations. */
function bodyMembers(decl: Node): Node[] {
  return membersOf(decl.childForFieldName('body')).flatMap((c) =>
    c.type === 'enum_body_declarations' ? membersOf(c) : [c],
  );
}

export const javaStructure: StructureRules = {
  symbols(node, ctx) {
    const typeKind = TYPES[node.type];
    const name = node.childForFieldName('name')?.text ?? '';
    if (typeKind) return [{ node, name, kind: typeKind, exported: isExported(node, ctx), members: bodyMembers(node) }];
    if (ctx.parentKind === null) return [];
    switch (node.type) {
      case 'method_declaration':
      case 'annotation_type_element_declaration':
        return [{ node, name, kind: 'method', exported: isExported(node, ctx) }];
      case 'constructor_declaration':
      case 'compact_constructor_declaration':
        return [{ node, name, kind: 'constructor', exported: isExported(node, ctx) }];
      case 'enum_constant':
        return [{ node, name, kind: 'property', exported: ctx.parentExported }];
      case 'field_declaration':
      case 'constant_declaration': {
        const exported = isExported(node, ctx);
        return node
          .childrenForFieldName('declarator')
          .flatMap((d) =>
            d ? [{ node, name: d.childForFieldName('name')?.text ?? '', kind: 'property' as const, exported }] : [],
          );
      }
      default:
        return [];
    }
  },
};
