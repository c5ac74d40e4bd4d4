import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, LangRules } from '../types.js';
import { ANONYMOUS, calleeOf, nameText, qualify, skipWrappers } from '../names.js';

// Python rules (tree-sitter-python 0.25).

const CLASS_WRAPPERS = new Set(['block', 'decorated_definition']);
const NOT_PARAMS = new Set(['positional_separator', 'keyword_separator']);
const RECEIVERS = new Set(['self', 'cls']);

/** The class whose body holds `node` directly (through decorators), if any. */
function classOf(node: Node): string | null {
  const p = skipWrappers(node, CLASS_WRAPPERS);
  return p?.type === 'class_definition' ? nameText(p.childForFieldName('name')) : null;
}

/** `self`/`cls` as first parameter of a method is the receiver, not a parameter (METRICS.md params). */
function isReceiver(param: Node): boolean {
  const id = param.type === 'identifier' ? param : param.type === 'typed_parameter' ? param.namedChild(0) : null;
  return id !== null && RECEIVERS.has(id.text);
}

function countParams(list: Node | null, method: boolean): number {
  if (!list) return 0;
  let n = 0;
  let first = true;
  for (const c of list.namedChildren) {
    if (!c || c.isExtra || NOT_PARAMS.has(c.type)) continue;
    if (!(first && method && isReceiver(c))) n++;
    first = false;
  }
  return n;
}

/** `f = lambda: …` (or `self.f = …`) takes the assigned name; in a class body, `Class.f`. */
function assignedName(fn: Node): string {
  const p = fn.parent;
  if (p?.type !== 'assignment') return '';
  const left = p.childForFieldName('left');
  if (left?.type === 'identifier') {
    const stmt = p.parent;
    return qualify(stmt?.type === 'expression_statement' ? classOf(stmt) : null, left.text);
  }
  if (left?.type === 'attribute') return nameText(left.childForFieldName('attribute'));
  return '';
}

function describe(node: Node): FunctionInfo | null {
  if (node.type === 'lambda') {
    const name = assignedName(node);
    const simpleName = name.slice(name.lastIndexOf('.') + 1);
    const params = countParams(node.childForFieldName('parameters'), false);
    return { kind: 'lambda', name: name || ANONYMOUS, simpleName, params, selfNames: [] };
  }
  const simple = nameText(node.childForFieldName('name'));
  const cls = classOf(node);
  const params = countParams(node.childForFieldName('parameters'), cls !== null);
  // A def directly in a class body is a method; `__init__` is the constructor. A def that
  // yields becomes a generator (the walker sees the yield: LangRules.yieldTypes).
  const kind = cls === null ? 'function' : simple === '__init__' ? 'constructor' : 'method';
  // A method calls itself through its first parameter (`self.f()`, `cls.f()`) or its class.
  const first = node.childForFieldName('parameters')?.namedChildren.find((c) => c?.type === 'identifier');
  const selfNames = cls ? [first?.text ?? 'self', cls] : [];
  return { kind, name: qualify(cls, simple), simpleName: simple, params, selfNames };
}

/** `case _:` (a bare wildcard, no guard) is the default of a match: not a decision. */
function isNotBareWildcard(clause: Node): boolean {
  const patterns = clause.namedChildren.filter((c) => c?.type === 'case_pattern');
  const guarded = clause.childForFieldName('guard') ?? clause.namedChildren.find((c) => c?.type === 'if_clause');
  if (patterns.length !== 1 || guarded) return true;
  const p = patterns[0]!;
  return !(p.childCount === 1 && p.child(0)?.type === '_');
}

export const pythonRules: LangRules = {
  functionTypes: new Set(['function_definition', 'lambda']),
  describe,
  yieldTypes: new Set(['yield']),
  // METRICS.md cyclomatic Python: if, elif, for, while, each except, conditional expression,
  // each for/if clause of a comprehension (for_in_clause, if_clause).
  decisions: new Set([
    'if_statement',
    'elif_clause',
    'for_statement',
    'while_statement',
    'except_clause',
    'except_group_clause',
    'conditional_expression',
    'for_in_clause',
  ]),
  // A case guard (`case x if c:`) is also an if_clause: it is part of its case, not a comprehension clause.
  guardedDecisions: { case_clause: isNotBareWildcard, if_clause: (n) => n.parent?.type !== 'case_clause' },
  logicalTypes: new Set(['boolean_operator']),
  logicalOps: new Set(['and', 'or']),
  cyclomaticOnlyOps: new Set(),
  cyclomaticOnlyTypes: new Set(),
  // Cognitive: if, conditional expression, match, loops, except. Comprehensions are not
  // counted (shorthand, like `??` in the whitepaper); their and/or still are.
  structural: new Set([
    'if_statement',
    'conditional_expression',
    'match_statement',
    'for_statement',
    'while_statement',
    'except_clause',
    'except_group_clause',
  ]),
  ifTypes: new Set(['if_statement']),
  alternativeField: 'alternative',
  // Only an `else:` of an `if` is the whitepaper's else; a for/while/try `else:` is not scored.
  elseClause: 'else_clause',
  elifClause: 'elif_clause',
  nestedChildren: {
    if_statement: ['consequence'],
    elif_clause: ['consequence'],
    // No fields in a conditional expression: all three parts sit one deeper.
    conditional_expression: '*',
    match_statement: ['body'],
    for_statement: ['body'],
    while_statement: ['body'],
    except_clause: ['block'],
    except_group_clause: ['block'],
  },
  // Python has no labelled break/continue or goto.
  jumps: {},
  parenTypes: new Set(['parenthesized_expression']),
  callTypes: new Set(['call']),
  callee: (call) => calleeOf(call.childForFieldName('function'), ['attribute'], ['object']),
  returnTypes: new Set(['return_statement']),
  statements: new Set([
    'expression_statement',
    'return_statement',
    'pass_statement',
    'break_statement',
    'continue_statement',
    'raise_statement',
    'assert_statement',
    'delete_statement',
    'global_statement',
    'nonlocal_statement',
    'import_statement',
    'import_from_statement',
    'future_import_statement',
    'print_statement',
    'exec_statement',
    'type_alias_statement',
    'if_statement',
    'for_statement',
    'while_statement',
    'try_statement',
    'with_statement',
    'match_statement',
    'function_definition',
    'class_definition',
  ]),
  ignored: new Set(['line_continuation']),
  comments: new Set(['comment']),
  // A string (f-strings included, interpolations not tokenised) or an implicit concatenation is one operand.
  atomicOperands: new Set(['string', 'concatenated_string']),
  namedOperators: new Set(),
};
