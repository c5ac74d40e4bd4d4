import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, LangRules } from '../types.js';
import { ANONYMOUS, calleeOf, namedAt, namedIndex, qualify } from '../names.js';

// Go rules (tree-sitter-go 0.25).

/** Receiver type without `*` or type arguments: `func (r *Repo[T]) Get()` → `Repo`. */
function receiverType(method: Node): string | null {
  const decl = method.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  let t = decl?.childForFieldName('type') ?? null;
  for (let guard = 0; t && guard < 4; guard++) {
    if (t.type === 'type_identifier') return t.text;
    t = t.childForFieldName('type') ?? t.namedChild(0);
  }
  return null;
}

/** `a, b int` declares two parameters; `func(int, string)` one per unnamed declaration. */
function countParams(list: Node | null): number {
  if (!list) return 0;
  let n = 0;
  for (const c of list.namedChildren) {
    if (!c || c.isExtra) continue;
    n += Math.max(1, c.childrenForFieldName('name').length);
  }
  return n;
}

/** `f := func…`, `var f = func…`, `f = func…`: the name at the same position on the left. */
function assignedName(fn: Node): string {
  const list = fn.parent;
  if (list?.type !== 'expression_list') return '';
  const stmt = list.parent;
  const i = namedIndex(list, fn);
  if (stmt?.type === 'short_var_declaration' || stmt?.type === 'assignment_statement') {
    const target = namedAt(stmt.childForFieldName('left'), i);
    if (target?.type === 'identifier') return target.text;
    if (target?.type === 'selector_expression') return target.childForFieldName('field')?.text ?? '';
    return '';
  }
  if (stmt?.type === 'var_spec' || stmt?.type === 'const_spec') return stmt.childrenForFieldName('name')[i]?.text ?? '';
  return '';
}

function describe(node: Node): FunctionInfo | null {
  if (!node.childForFieldName('body')) return null;
  const params = countParams(node.childForFieldName('parameters'));
  if (node.type === 'func_literal') {
    const name = assignedName(node);
    return { kind: 'closure', name: name || ANONYMOUS, simpleName: name, params, selfNames: [] };
  }
  const simple = node.childForFieldName('name')?.text ?? '';
  if (node.type === 'method_declaration') {
    // A method calls itself through its receiver variable: `r.Find()` in `func (r *Repo) Find`.
    const recv = node.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
    const recvName = recv?.childForFieldName('name')?.text;
    return {
      kind: 'method',
      name: qualify(receiverType(node), simple),
      simpleName: simple,
      params,
      selfNames: recvName ? [recvName] : [],
    };
  }
  return { kind: 'function', name: simple, simpleName: simple, params, selfNames: [] };
}

const LABELLED = (n: Node): boolean => n.namedChildren.some((c) => c?.type === 'label_name');

export const goRules: LangRules = {
  functionTypes: new Set(['function_declaration', 'method_declaration', 'func_literal']),
  describe,
  // METRICS.md cyclomatic Go: if, for, each case of switch/type switch/select (default_case is
  // its own node type, so never listed).
  decisions: new Set(['if_statement', 'for_statement', 'expression_case', 'type_case', 'communication_case']),
  guardedDecisions: {},
  logicalTypes: new Set(['binary_expression']),
  logicalOps: new Set(['&&', '||']),
  cyclomaticOnlyOps: new Set(),
  cyclomaticOnlyTypes: new Set(),
  // Cognitive: if, switch/type switch/select (once per statement), for (Go's only loop).
  structural: new Set([
    'if_statement',
    'expression_switch_statement',
    'type_switch_statement',
    'select_statement',
    'for_statement',
  ]),
  ifTypes: new Set(['if_statement']),
  // No else node: `else { … }` is the block in field `alternative` (+1 flat, nests its body).
  alternativeField: 'alternative',
  nestedChildren: {
    if_statement: ['consequence'],
    for_statement: ['body'],
    // Cases are direct children of the switch; their statements are one deeper.
    expression_switch_statement: ['expression_case', 'default_case'],
    type_switch_statement: ['type_case', 'default_case'],
    select_statement: ['communication_case', 'default_case'],
  },
  // `break L`, `continue L` and `goto L` are +1 flat (METRICS.md: labelled jumps and goto).
  jumps: { break_statement: LABELLED, continue_statement: LABELLED, goto_statement: () => true },
  parenTypes: new Set(['parenthesized_expression']),
  callTypes: new Set(['call_expression']),
  callee: (call) => calleeOf(call.childForFieldName('function'), ['field'], ['operand']),
  returnTypes: new Set(['return_statement']),
  statements: new Set([
    'expression_statement',
    'send_statement',
    'inc_statement',
    'dec_statement',
    'assignment_statement',
    'short_var_declaration',
    'var_declaration',
    'const_declaration',
    'type_declaration',
    'return_statement',
    'go_statement',
    'defer_statement',
    'if_statement',
    'for_statement',
    'expression_switch_statement',
    'type_switch_statement',
    'select_statement',
    'fallthrough_statement',
    'break_statement',
    'continue_statement',
    'goto_statement',
    'function_declaration',
    'method_declaration',
    'import_declaration',
    'package_clause',
  ]),
  ignored: new Set(),
  comments: new Set(['comment']),
  atomicOperands: new Set(['interpreted_string_literal', 'raw_string_literal', 'rune_literal']),
  namedOperators: new Set(),
};
