import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, LangRules } from '../types.js';
import { ANONYMOUS, qualify, skipWrappers } from '../names.js';

// Java rules (tree-sitter-java 0.23.5).

const TYPES = new Set([
  'class_declaration',
  'interface_declaration',
  'enum_declaration',
  'record_declaration',
  'annotation_type_declaration',
]);
const BODIES = new Set(['class_body', 'interface_body', 'enum_body', 'enum_body_declarations', 'annotation_type_body']);

/** Innermost declared type whose body holds `node`; an anonymous class body gives none. */
function typeOf(node: Node): string | null {
  if (!node.parent || !BODIES.has(node.parent.type)) return null;
  const p = skipWrappers(node, BODIES);
  return p && TYPES.has(p.type) ? (p.childForFieldName('name')?.text ?? null) : null;
}

/** `Runnable r = () -> …` (field: `Type.r`), `r = () -> …`. */
function assignedName(fn: Node): string {
  const p = fn.parent;
  if (p?.type === 'variable_declarator') {
    const name = p.childForFieldName('name')?.text ?? '';
    const decl = p.parent;
    return decl?.type === 'field_declaration' ? qualify(typeOf(decl), name) : name;
  }
  if (p?.type === 'assignment_expression') {
    const left = p.childForFieldName('left');
    if (left?.type === 'identifier') return left.text;
    if (left?.type === 'field_access') return left.childForFieldName('field')?.text ?? '';
  }
  return '';
}

/** Lambda `x -> …` has one parameter; `(a, b) -> …` as many identifiers; a receiver parameter is none. */
function countParams(node: Node): number {
  const list = node.childForFieldName('parameters');
  if (!list) return 0;
  if (list.type === 'identifier') return 1;
  let n = 0;
  for (const c of list.namedChildren) if (c && !c.isExtra && c.type !== 'receiver_parameter') n++;
  return n;
}

function describe(node: Node): FunctionInfo | null {
  // An abstract or interface method without a body is not a function (like Rust's trait signatures).
  if (!node.childForFieldName('body')) return null;
  const params = countParams(node);
  if (node.type === 'lambda_expression') {
    const name = assignedName(node);
    return {
      kind: 'lambda',
      name: name || ANONYMOUS,
      simpleName: name.slice(name.lastIndexOf('.') + 1),
      params,
      selfNames: [],
    };
  }
  const simple = node.childForFieldName('name')?.text ?? '';
  const kind = node.type === 'method_declaration' ? 'method' : 'constructor';
  const type = typeOf(node);
  return { kind, name: qualify(type, simple), simpleName: simple, params, selfNames: type ? ['this', type] : ['this'] };
}

/** `case …` labels count, `default` does not (METRICS.md: each case label, not default). */
const isCaseLabel = (label: Node): boolean => label.child(0)?.type === 'case';

const LABELLED = (n: Node): boolean => n.namedChildren.some((c) => c?.type === 'identifier');

export const javaRules: LangRules = {
  functionTypes: new Set([
    'method_declaration',
    'constructor_declaration',
    'compact_constructor_declaration',
    'lambda_expression',
  ]),
  describe,
  // METRICS.md cyclomatic Java: if, for, enhanced for, while, do, catch, ?:.
  decisions: new Set([
    'if_statement',
    'for_statement',
    'enhanced_for_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
    'ternary_expression',
  ]),
  guardedDecisions: { switch_label: isCaseLabel },
  logicalTypes: new Set(['binary_expression']),
  logicalOps: new Set(['&&', '||']),
  cyclomaticOnlyOps: new Set(),
  cyclomaticOnlyTypes: new Set(),
  // switch_expression is both the switch statement and the switch expression in this grammar.
  structural: new Set([
    'if_statement',
    'ternary_expression',
    'switch_expression',
    'for_statement',
    'enhanced_for_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
  ]),
  ifTypes: new Set(['if_statement']),
  // No else node: the statement in field `alternative` is the else (+1 flat, nests).
  alternativeField: 'alternative',
  nestedChildren: {
    if_statement: ['consequence'],
    ternary_expression: ['consequence', 'alternative'],
    switch_expression: ['body'],
    for_statement: ['body'],
    enhanced_for_statement: ['body'],
    while_statement: ['body'],
    do_statement: ['body'],
    catch_clause: ['body'],
  },
  jumps: { break_statement: LABELLED, continue_statement: LABELLED },
  parenTypes: new Set(['parenthesized_expression']),
  callTypes: new Set(['method_invocation']),
  callee: (call) => {
    const object = call.childForFieldName('object');
    const receiver = !object ? '' : object.childCount === 0 ? object.text : '*';
    return { name: call.childForFieldName('name')?.text ?? '', receiver };
  },
  returnTypes: new Set(['return_statement']),
  statements: new Set([
    'expression_statement',
    'local_variable_declaration',
    'if_statement',
    'for_statement',
    'enhanced_for_statement',
    'while_statement',
    'do_statement',
    'try_statement',
    'try_with_resources_statement',
    'return_statement',
    'break_statement',
    'continue_statement',
    'throw_statement',
    'yield_statement',
    'assert_statement',
    'synchronized_statement',
    'explicit_constructor_invocation',
    'switch_expression',
    'class_declaration',
    'interface_declaration',
    'enum_declaration',
    'record_declaration',
    'method_declaration',
    'constructor_declaration',
    'field_declaration',
    'import_declaration',
    'package_declaration',
  ]),
  // A switch is a statement only where a statement stands (not `int y = switch …`).
  guardedStatements: {
    switch_expression: (n) =>
      ['block', 'switch_block_statement_group', 'constructor_body', 'labeled_statement'].includes(n.parent?.type ?? ''),
  },
  ignored: new Set(),
  comments: new Set(['line_comment', 'block_comment']),
  atomicOperands: new Set(['string_literal', 'text_block']),
  // Keywords that the grammar gives named leaves.
  namedOperators: new Set(['void_type', 'boolean_type']),
};
