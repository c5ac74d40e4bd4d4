import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, LangRules } from '../types.js';
import { ANONYMOUS, calleeOf, countNamed, qualify } from '../names.js';

// Rust rules (tree-sitter-rust 0.24).

/** `Foo`, `Foo<T>`, `&Foo`, `a::Foo` → `Foo` (the implemented type of an impl). */
function typeName(t: Node | null): string | null {
  for (let guard = 0; t && guard < 6; guard++) {
    if (t.type === 'type_identifier' || t.type === 'primitive_type') return t.text;
    t = t.childForFieldName('name') ?? t.childForFieldName('type');
  }
  return null;
}

/** `impl Foo` and `impl Trait for Foo` qualify with `Foo`; a trait's provided method with the trait. */
function ownerOf(fn: Node): string | null {
  const list = fn.parent;
  const item = list?.type === 'declaration_list' ? list.parent : null;
  if (item?.type === 'impl_item') return typeName(item.childForFieldName('type'));
  if (item?.type === 'trait_item') return item.childForFieldName('name')?.text ?? null;
  return null;
}

/** `let f = |x| …` and `f = |x| …` take the name; anything else is anonymous. */
function assignedName(fn: Node): string {
  const p = fn.parent;
  if (p?.type === 'let_declaration') {
    const pat = p.childForFieldName('pattern');
    return pat?.type === 'identifier' ? pat.text : '';
  }
  if (p?.type === 'assignment_expression') {
    const left = p.childForFieldName('left');
    if (left?.type === 'identifier') return left.text;
    if (left?.type === 'field_expression') return left.childForFieldName('field')?.text ?? '';
  }
  if (p?.type === 'static_item' || p?.type === 'const_item') return p.childForFieldName('name')?.text ?? '';
  return '';
}

// `self`, `&self`, `mut self` is the receiver, not a parameter; attributes are not parameters.
const NOT_PARAMS = new Set(['self_parameter', 'attribute_item']);

function describe(node: Node): FunctionInfo | null {
  if (!node.childForFieldName('body')) return null;
  const params = countNamed(node.childForFieldName('parameters'), NOT_PARAMS);
  if (node.type === 'closure_expression') {
    const name = assignedName(node);
    return { kind: 'closure', name: name || ANONYMOUS, simpleName: name, params, selfNames: [] };
  }
  const simple = node.childForFieldName('name')?.text ?? '';
  const owner = ownerOf(node);
  const selfNames = owner ? ['self', 'Self', owner] : [];
  return { kind: owner ? 'method' : 'function', name: qualify(owner, simple), simpleName: simple, params, selfNames };
}

/** A match arm counts unless its pattern is a bare `_` with no guard. */
function isNotBareWildcard(arm: Node): boolean {
  const pat = arm.childForFieldName('pattern');
  return !(pat && pat.childCount === 1 && pat.child(0)?.type === '_');
}

const LABELLED = (n: Node): boolean => n.namedChildren.some((c) => c?.type === 'label');

export const rustRules: LangRules = {
  functionTypes: new Set(['function_item', 'closure_expression']),
  describe,
  // METRICS.md cyclomatic Rust: if (if let, else if), while (while let), for, each match arm but `_`.
  // `loop` and `?` are not decisions.
  decisions: new Set(['if_expression', 'while_expression', 'for_expression']),
  guardedDecisions: { match_arm: isNotBareWildcard },
  // `&&` inside an `if let … && …` chain is a let_chain token, not a binary_expression.
  logicalTypes: new Set(['binary_expression', 'let_chain']),
  logicalOps: new Set(['&&', '||']),
  cyclomaticOnlyOps: new Set(),
  cyclomaticOnlyTypes: new Set(),
  structural: new Set(['if_expression', 'match_expression', 'for_expression', 'while_expression', 'loop_expression']),
  ifTypes: new Set(['if_expression']),
  alternativeField: 'alternative',
  elseClause: 'else_clause',
  nestedChildren: {
    if_expression: ['consequence'],
    match_expression: ['body'],
    for_expression: ['body'],
    while_expression: ['body'],
    loop_expression: ['body'],
  },
  // `break 'a` / `continue 'a` are +1 flat; Rust has no goto.
  jumps: { break_expression: LABELLED, continue_expression: LABELLED },
  parenTypes: new Set(['parenthesized_expression']),
  callTypes: new Set(['call_expression']),
  callee: (call) => calleeOf(call.childForFieldName('function'), ['field', 'name'], ['value', 'path'], ['function']),
  returnTypes: new Set(['return_expression']),
  statements: new Set([
    'expression_statement',
    'let_declaration',
    'function_item',
    'struct_item',
    'enum_item',
    'union_item',
    'impl_item',
    'trait_item',
    'use_declaration',
    'mod_item',
    'const_item',
    'static_item',
    'type_item',
    'macro_definition',
    'extern_crate_declaration',
    'foreign_mod_item',
    'function_signature_item',
  ]),
  ignored: new Set(),
  comments: new Set(['line_comment', 'block_comment']),
  atomicOperands: new Set(['string_literal', 'raw_string_literal', 'char_literal', 'label', 'lifetime']),
  // `mut` is a keyword that the grammar gives a named node.
  namedOperators: new Set(['mutable_specifier']),
};
