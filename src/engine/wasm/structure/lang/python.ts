import type { Node } from 'web-tree-sitter';
import { membersOf, type Ctx, type Found, type StructureRules } from '../types.js';

// Python. `exported` follows the naming convention: a name is public unless it starts with
// `_` (dunder names such as `__init__` are public); a member is exported when its class is
// and its own name is public. `__all__` is not consulted.

function isPublic(name: string): boolean {
  return !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__') && name.length > 4);
}

/** Module-level or class-level `x = …` / `x: int = …`: one symbol per plain name target. */
function assignment(stmt: Node, ctx: Ctx, inClass: boolean): Found[] {
  const a = stmt.firstNamedChild;
  if (a?.type !== 'assignment') return [];
  const left = a.childForFieldName('left');
  const names = left?.type === 'identifier' ? [left] : left?.type === 'pattern_list' ? membersOf(left) : [];
  return names
    .filter((n) => n.type === 'identifier')
    .map((n) => ({
      node: stmt,
      name: n.text,
      kind: inClass ? ('property' as const) : ('variable' as const),
      exported: ctx.parentExported && isPublic(n.text),
    }));
}

function definition(def: Node, ctx: Ctx, inClass: boolean): Found[] {
  const name = def.childForFieldName('name')?.text ?? '';
  const exported = ctx.parentExported && isPublic(name);
  if (def.type === 'class_definition') {
    return [{ node: def, name, kind: 'class', exported, members: membersOf(def.childForFieldName('body')) }];
  }
  if (def.type !== 'function_definition') return [];
  const kind = !inClass ? 'function' : name === '__init__' ? 'constructor' : 'method';
  return [{ node: def, name, kind, exported }];
}

export const pythonStructure: StructureRules = {
  symbols(node, ctx) {
    const inClass = ctx.parentKind === 'class';
    // Decorators are not part of the declaration's lines or signature: the `def`/`class` line is.
    const decl = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    if (!decl) return [];
    if (decl.type === 'expression_statement') return assignment(decl, ctx, inClass);
    return definition(decl, ctx, inClass);
  },
};
