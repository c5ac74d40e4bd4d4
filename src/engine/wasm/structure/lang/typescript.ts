import type { Node } from 'web-tree-sitter';
import type { SymbolKind } from '../../../types.js';
import { membersOf, type Ctx, type Found, type StructureRules } from '../types.js';
import { nameText } from '../../metrics/names.js';

// TypeScript, TSX and JavaScript. `exported` = declared with `export` (or `export default`)
// at the top level / inside an exported namespace; a member is exported when its owner is
// and it is not private (`private`/`protected`, or a `#name`).

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'generator_function']);

const DECLS: Record<string, SymbolKind> = {
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_signature: 'function',
  internal_module: 'module',
  module: 'module',
  // Only reachable as the value of `export default …` (an anonymous default class or function).
  class: 'class',
  function_expression: 'function',
  generator_function: 'function',
};

function bodyMembers(decl: Node): Node[] {
  return membersOf(decl.childForFieldName('body'));
}

function isPrivate(member: Node): boolean {
  if (member.childForFieldName('name')?.type === 'private_property_identifier') return true;
  const mod = member.namedChildren.find((c) => c?.type === 'accessibility_modifier');
  return mod !== undefined && mod !== null && mod.text !== 'public';
}

/** Top-level `const`/`let`/`var`: one variable per declarator; a function value makes it a function. */
function variables(decl: Node, outer: Node, exported: boolean): Found[] {
  const out: Found[] = [];
  for (const d of decl.namedChildren) {
    if (d?.type !== 'variable_declarator') continue;
    const name = d.childForFieldName('name');
    if (name?.type !== 'identifier') continue; // destructuring patterns declare no single symbol
    const value = d.childForFieldName('value');
    const kind = value && FUNCTION_VALUES.has(value.type) ? 'function' : 'variable';
    out.push({ node: outer, name: name.text, kind, exported });
  }
  return out;
}

function declaration(node: Node, outer: Node, exported: boolean): Found[] {
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration')
    return variables(node, outer, exported);
  if (node.type === 'ambient_declaration') {
    return membersOf(node).flatMap((c) => declaration(c, outer, exported));
  }
  if (node.type === 'expression_statement' && node.firstNamedChild?.type === 'internal_module') {
    return declaration(node.firstNamedChild, outer, exported);
  }
  const kind = DECLS[node.type];
  if (!kind) return [];
  const name = nameText(node.childForFieldName('name')) || 'default';
  const members = kind === 'function' || kind === 'type' ? undefined : bodyMembers(node);
  return [{ node: outer, name, kind, exported, members }];
}

function member(node: Node, ctx: Ctx): Found[] {
  const exported = ctx.parentExported && !isPrivate(node);
  const name = nameText(node.childForFieldName('name'));
  switch (node.type) {
    case 'method_definition':
      return [{ node, name, kind: name === 'constructor' ? 'constructor' : 'method', exported }];
    case 'method_signature':
    case 'abstract_method_signature':
      return [{ node, name, kind: 'method', exported }];
    case 'public_field_definition':
    case 'field_definition':
    case 'property_signature':
      return [{ node, name: name || nameText(node.childForFieldName('property')), kind: 'property', exported }];
    case 'property_identifier':
      return [{ node, name: node.text, kind: 'property', exported: ctx.parentExported }]; // enum member
    case 'enum_assignment':
      return [{ node, name, kind: 'property', exported: ctx.parentExported }];
    default:
      return [];
  }
}

export const typescriptStructure: StructureRules = {
  symbols(node, ctx) {
    if (ctx.parentKind === 'class' || ctx.parentKind === 'interface' || ctx.parentKind === 'enum')
      return member(node, ctx);
    const inModule = ctx.parentKind === 'module';
    if (node.type === 'export_statement') {
      const decl = node.childForFieldName('declaration');
      if (decl) return declaration(decl, node, inModule ? ctx.parentExported : true);
      // `export default class {}` / `export default function () {}`: the value is the declaration.
      const value = node.childForFieldName('value') ?? node.namedChildren.find((c) => c && DECLS[c.type]);
      return value ? declaration(value, node, true) : [];
    }
    return declaration(node, node, false);
  },
};
