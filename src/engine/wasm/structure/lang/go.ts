import type { Node } from 'web-tree-sitter';
import { membersOf, type Found, type StructureRules } from '../types.js';

// Go. `exported` = the name starts with an upper-case letter (the language's rule). Methods
// are declared at the top level, so they are top-level symbols named `Type.Method`.

function isExported(name: string): boolean {
  const c = name.charAt(0);
  return c !== '' && c.toUpperCase() === c && c.toLowerCase() !== c;
}

function receiverType(method: Node): string {
  const decl = membersOf(method.childForFieldName('receiver'))[0];
  let t = decl?.childForFieldName('type') ?? null;
  for (let guard = 0; t && guard < 4; guard++) {
    if (t.type === 'type_identifier') return t.text;
    t = t.childForFieldName('type') ?? t.namedChild(0);
  }
  return '';
}

/** Struct fields (one per name; an embedded type is named by its type) and interface methods. */
function typeMembers(type: Node | null): Found[] {
  if (!type) return [];
  const out: Found[] = [];
  const list =
    type.type === 'struct_type' ? type.namedChildren.find((c) => c?.type === 'field_declaration_list') : type;
  for (const m of membersOf(list)) {
    if (m.type === 'field_declaration') {
      const names = m.childrenForFieldName('name').filter((n): n is Node => n !== null);
      // An embedded field is named by its type without `*` or package: `*fmt.Stringer` → `Stringer`.
      const embedded = (m.childForFieldName('type')?.text ?? '').replace(/^\*/, '').replace(/^.*\./, '');
      const named = names.length > 0 ? names.map((n) => n.text) : [embedded];
      for (const name of named) out.push({ node: m, name, kind: 'property', exported: isExported(name) });
    } else if (m.type === 'method_elem') {
      const name = m.childForFieldName('name')?.text ?? '';
      out.push({ node: m, name, kind: 'method', exported: isExported(name) });
    }
  }
  return out;
}

/**
 * A lone spec (`type X struct`, `const A = 1`) takes its declaration's lines and `type`/`const`
 * line; a spec in a `( … )` group its own. Asked once per declaration, not per spec: a group of
 * n specs would otherwise read the declaration's children n times.
 */
function lineNode(decl: Node): (spec: Node) => Node {
  const grouped = decl.children.some((c) => c?.type === '(');
  // Only a spec directly in the declaration can be lone; one in a `*_spec_list` is in a group.
  return (spec) => (!grouped && spec.parent?.id === decl.id ? decl : spec);
}

function typeSpec(spec: Node, outer: (spec: Node) => Node): Found[] {
  const name = spec.childForFieldName('name')?.text ?? '';
  const type = spec.childForFieldName('type');
  const kind = type?.type === 'struct_type' ? 'struct' : type?.type === 'interface_type' ? 'interface' : 'type';
  // Members are found by this file directly (typeMembers), not by the generic member scan.
  return [{ node: outer(spec), name, kind, exported: isExported(name), members: kind === 'type' ? [] : [type!] }];
}

function specs(decl: Node, type: string): Node[] {
  // `var ( a = 1; b = 2 )` nests the specs in a var_spec_list.
  return membersOf(decl).flatMap((c) =>
    c.type === type ? [c] : c.type.endsWith('_list') ? membersOf(c).filter((s) => s.type === type) : [],
  );
}

export const goStructure: StructureRules = {
  symbols(node, ctx) {
    if (ctx.parentKind === 'struct' || ctx.parentKind === 'interface') return typeMembers(node);
    switch (node.type) {
      case 'function_declaration': {
        const name = node.childForFieldName('name')?.text ?? '';
        return [{ node, name, kind: 'function', exported: isExported(name) }];
      }
      case 'method_declaration': {
        const name = node.childForFieldName('name')?.text ?? '';
        const recv = receiverType(node);
        return [{ node, name: recv ? `${recv}.${name}` : name, kind: 'method', exported: isExported(name) }];
      }
      case 'type_declaration': {
        const outer = lineNode(node);
        return membersOf(node).flatMap((s) =>
          s.type === 'type_spec' || s.type === 'type_alias' ? typeSpec(s, outer) : [],
        );
      }
      case 'var_declaration':
      case 'const_declaration': {
        const outer = lineNode(node);
        return specs(node, node.type === 'var_declaration' ? 'var_spec' : 'const_spec').flatMap((s) =>
          s
            .childrenForFieldName('name')
            .flatMap((n) =>
              n ? [{ node: outer(s), name: n.text, kind: 'variable' as const, exported: isExported(n.text) }] : [],
            ),
        );
      }
      default:
        return [];
    }
  },
};
