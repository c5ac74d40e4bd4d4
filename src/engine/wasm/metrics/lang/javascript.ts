import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, LangRules } from '../types.js';
import type { FunctionKind } from '../../../types.js';
import { ANONYMOUS, calleeOf, nameText, qualify, skipWrappers } from '../names.js';

// JavaScript rules (tree-sitter-javascript 0.25); TypeScript/TSX extend them (typescript.ts).

const FUNCTION_KIND: Record<string, FunctionKind> = {
  function_declaration: 'function',
  function_expression: 'function',
  generator_function_declaration: 'generator',
  generator_function: 'generator',
  arrow_function: 'arrow',
  method_definition: 'method',
};

const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);
const CLASS_WRAPPERS = new Set(['class_body']);

/** Name of a class; an anonymous class expression takes the variable it is assigned to. */
function className(cls: Node): string | null {
  const own = cls.childForFieldName('name');
  if (own) return own.text;
  const p = cls.parent;
  if (p?.type === 'variable_declarator') return nameText(p.childForFieldName('name')) || null;
  return null;
}

/** `Type` when `node` sits directly in a class body (methods, fields); object literals have no type. */
function classOf(node: Node): string | null {
  const p = skipWrappers(node, CLASS_WRAPPERS);
  return p && node.parent?.type === 'class_body' && CLASS_TYPES.has(p.type) ? className(p) : null;
}

/** METRICS.md: "a function expression, arrow or lambda assigned to a variable, field or property takes that name". */
function assignedName(fn: Node): string {
  const p = fn.parent;
  if (!p) return '';
  switch (p.type) {
    case 'variable_declarator': {
      const n = p.childForFieldName('name');
      return n?.type === 'identifier' ? n.text : '';
    }
    case 'assignment_expression': {
      const left = p.childForFieldName('left');
      if (left?.type === 'identifier') return left.text;
      if (left?.type === 'member_expression') return nameText(left.childForFieldName('property'));
      return '';
    }
    case 'pair': {
      const key = p.childForFieldName('key');
      // A computed key (`[k]: () => 0`) has no static name.
      return key && key.type !== 'computed_property_name' ? nameText(key) : '';
    }
    case 'public_field_definition':
    case 'field_definition': {
      const key = p.childForFieldName('name') ?? p.childForFieldName('property');
      return key ? qualify(classOf(p), nameText(key)) : '';
    }
    default:
      return '';
  }
}

/** `get`/`set`/`*` before a method's name decide its kind; `constructor` in a class is one. */
function methodKind(node: Node, simple: string, inClass: boolean): FunctionKind {
  for (const c of node.children) {
    if (!c || c.isNamed) break;
    if (c.type === 'get') return 'getter';
    if (c.type === 'set') return 'setter';
    if (c.type === '*') return 'generator';
  }
  return inClass && simple === 'constructor' ? 'constructor' : 'method';
}

/** `this` is a TypeScript type annotation for the receiver, not a parameter (METRICS.md params). */
function countParams(node: Node): number {
  const single = node.childForFieldName('parameter'); // `x => …`
  if (single) return 1;
  const list = node.childForFieldName('parameters');
  if (!list) return 0;
  let n = 0;
  for (const c of list.namedChildren) {
    if (!c || c.isExtra) continue;
    if (c.childForFieldName('pattern')?.type === 'this') continue;
    n++;
  }
  return n;
}

export function describeJsFunction(node: Node): FunctionInfo | null {
  const base = FUNCTION_KIND[node.type];
  if (!base || !node.childForFieldName('body')) return null;
  const params = countParams(node);
  if (node.type === 'method_definition') {
    const simple = nameText(node.childForFieldName('name'));
    const cls = classOf(node);
    const inClass = node.parent?.type === 'class_body';
    const selfNames = cls ? ['this', cls] : ['this'];
    return {
      kind: methodKind(node, simple, inClass),
      name: qualify(cls, simple),
      simpleName: simple,
      params,
      selfNames,
    };
  }
  const declared = node.childForFieldName('name')?.text ?? '';
  const name = declared || assignedName(node);
  const simpleName = declared || (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
  return { kind: base, name: name || ANONYMOUS, simpleName, params, selfNames: ['this'] };
}

const LOGICAL_OPS = new Set(['&&', '||']);

export const javascriptRules: LangRules = {
  functionTypes: new Set(Object.keys(FUNCTION_KIND)),
  describe: describeJsFunction,
  // METRICS.md cyclomatic TS/JS: if (else-if is another if), for, for…in, for…of (for_in_statement), while, do…while,
  // catch, ?:
  decisions: new Set([
    'if_statement',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
    'ternary_expression',
  ]),
  // "each case with a test (not default)": tree-sitter gives `default:` its own node type, switch_default.
  guardedDecisions: { switch_case: () => true },
  logicalTypes: new Set(['binary_expression']),
  logicalOps: LOGICAL_OPS,
  // `??`, `&&=`, `||=`, `??=` are cyclomatic decisions but not cognitive (METRICS.md ignores `??`).
  cyclomaticOnlyOps: new Set(['??', '&&=', '||=', '??=']),
  cyclomaticOnlyTypes: new Set(['binary_expression', 'augmented_assignment_expression']),
  // Cognitive +1+nesting: if, ternary, switch, loops, catch.
  structural: new Set([
    'if_statement',
    'ternary_expression',
    'switch_statement',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'catch_clause',
  ]),
  ifTypes: new Set(['if_statement']),
  alternativeField: 'alternative',
  elseClause: 'else_clause',
  nestedChildren: {
    if_statement: ['consequence'],
    ternary_expression: ['consequence', 'alternative'],
    switch_statement: ['body'],
    for_statement: ['body'],
    for_in_statement: ['body'],
    while_statement: ['body'],
    do_statement: ['body'],
    catch_clause: ['body'],
  },
  // A labelled break/continue is +1 flat; a plain one is ignored.
  jumps: {
    break_statement: (n) => n.childForFieldName('label') !== null,
    continue_statement: (n) => n.childForFieldName('label') !== null,
  },
  parenTypes: new Set(['parenthesized_expression']),
  callTypes: new Set(['call_expression']),
  callee: (call) => calleeOf(call.childForFieldName('function'), ['property'], ['object']),
  returnTypes: new Set(['return_statement']),
  statements: new Set([
    'expression_statement',
    'variable_declaration',
    'lexical_declaration',
    'if_statement',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'try_statement',
    'with_statement',
    'break_statement',
    'continue_statement',
    'return_statement',
    'throw_statement',
    'debugger_statement',
    'switch_statement',
    'import_statement',
    'function_declaration',
    'generator_function_declaration',
    'class_declaration',
    'export_statement',
  ]),
  // `export function f…` is one statement: the declaration inside counts, the wrapper does not.
  guardedStatements: { export_statement: (n) => n.childForFieldName('declaration') === null },
  ignored: new Set(),
  comments: new Set(['comment', 'html_comment']),
  // A string, template string or regex literal is one operand; interpolations are not tokenised.
  atomicOperands: new Set(['string', 'template_string', 'regex']),
  namedOperators: new Set(),
};
