import type { Node, Language as TsLanguage } from 'web-tree-sitter';
import type { LangRules } from './types.js';

// The rule tables (lang/*.ts) name node types and fields by string: they are the reference
// for every engine. The walker, though, visits every node of every file, and each string
// it asks web-tree-sitter for (`cursor.nodeType`, `currentFieldName`) costs a trip through
// WASM memory. So, once per grammar, the tables are compiled into arrays indexed by the
// numeric type id (`cursor.nodeTypeId`, one WASM call): a bit set of the rules that apply
// to a type, and the guard functions. Every test is by type *name*, exactly as the string
// rules read, so the compiled tables cannot disagree with them.

/** Bits of `Compiled.flags`. Named-only rules are never set on anonymous types, and back. */
export const NAMED = 1 << 0;
export const IGNORED = 1 << 1;
export const COMMENT = 1 << 2;
export const STATEMENT = 1 << 3;
export const ATOMIC = 1 << 4;
export const NAMED_OPERATOR = 1 << 5;
export const FUNCTION = 1 << 6;
export const YIELD = 1 << 7;
export const DECISION = 1 << 8;
export const LOGICAL_TYPE = 1 << 9;
export const CYCLOMATIC_ONLY_TYPE = 1 << 10;
export const STRUCTURAL = 1 << 11;
export const IF = 1 << 12;
export const ELSE_CLAUSE = 1 << 13;
export const ELIF_CLAUSE = 1 << 14;
export const PAREN = 1 << 15;
export const CALL = 1 << 16;
export const RETURN = 1 << 17;
/** Anonymous tokens: `&&`-like operators, the cyclomatic-only ones, closers, layout. */
export const LOGICAL_OP = 1 << 18;
export const CYCLOMATIC_ONLY_OP = 1 << 19;
export const CLOSER = 1 << 20;
export const BLANK = 1 << 21;

/** Which children of a node sit one level deeper (LangRules.nestedChildren), by id. */
export interface Nest {
  /** Every child ('*'). */
  all: boolean;
  /** By field id (index = field id); empty when the list names no field of the grammar. */
  fields: Uint8Array;
  hasFields: boolean;
  /** By type slot. */
  types: Uint8Array;
}

export const NEST_ALL: Nest = { all: true, fields: new Uint8Array(0), hasFields: false, types: new Uint8Array(0) };

type Guard = (node: Node) => boolean;

export interface Compiled {
  rules: LangRules;
  /** Type name by slot (`cursor.nodeType`: unknown ids read 'ERROR'). */
  names: string[];
  flags: Uint32Array;
  nest: (Nest | null)[];
  guardedDecision: (Guard | undefined)[];
  jump: (Guard | undefined)[];
  guardedStatement: (Guard | undefined)[];
  /** Field id of LangRules.alternativeField; -1 when the grammar has no such field. */
  alternativeField: number;
  /** Slot of the type ids at or above the grammar's count (ERROR is 65535). */
  errorSlot: number;
}

// Closing brackets are the second half of a pair whose opener is already counted as the
// operator (Halstead counts `( )` once).
const CLOSERS = new Set([')', ']', '}']);

const cache = new Map<LangRules, WeakMap<TsLanguage, Compiled>>();

/** The compiled tables of `rules` for one loaded grammar (built once, then cached). */
export function compile(rules: LangRules, language: TsLanguage): Compiled {
  let byLanguage = cache.get(rules);
  if (!byLanguage) cache.set(rules, (byLanguage = new WeakMap()));
  let compiled = byLanguage.get(language);
  if (!compiled) byLanguage.set(language, (compiled = build(rules, language)));
  return compiled;
}

/** Slot of a type id in the compiled arrays. */
export function slotOf(c: Compiled, typeId: number): number {
  return typeId < c.errorSlot ? typeId : c.errorSlot;
}

function build(r: LangRules, language: TsLanguage): Compiled {
  const count = language.types.length;
  // `language.types[id] || 'ERROR'` is what `nodeType`/`type` return for an id.
  const names = Array.from({ length: count + 1 }, (_, id) => (id < count ? language.types[id] : undefined) || 'ERROR');
  const named = names.map((_, id) => (id < count ? language.nodeTypeIsNamed(id) : true));
  const fieldId = (name: string): number => language.fields.indexOf(name);
  const own = <T>(table: Readonly<Record<string, T>> | undefined, name: string): T | undefined =>
    table && Object.hasOwn(table, name) ? table[name] : undefined;
  const compileNest = (spec: readonly string[] | '*' | undefined): Nest | null => {
    if (spec === undefined) return null;
    if (spec === '*') return NEST_ALL;
    const fields = new Uint8Array(language.fields.length);
    let hasFields = false;
    for (const f of spec) {
      const id = fieldId(f);
      if (id > 0) {
        fields[id] = 1;
        hasFields = true;
      }
    }
    return { all: false, fields, hasFields, types: Uint8Array.from(names, (n) => (spec.includes(n) ? 1 : 0)) };
  };

  const flags = new Uint32Array(count + 1);
  const nest: (Nest | null)[] = [];
  const guardedDecision: (Guard | undefined)[] = [];
  const jump: (Guard | undefined)[] = [];
  const guardedStatement: (Guard | undefined)[] = [];
  names.forEach((n, slot) => {
    let f = 0;
    const set = (bit: number, on: boolean | undefined): void => {
      if (on) f |= bit;
    };
    set(IGNORED, r.ignored.has(n));
    set(COMMENT, r.comments.has(n));
    if (named[slot]) {
      f |= NAMED;
      set(STATEMENT, r.statements.has(n));
      set(ATOMIC, r.atomicOperands.has(n));
      set(NAMED_OPERATOR, r.namedOperators.has(n));
      set(FUNCTION, r.functionTypes.has(n));
      set(YIELD, r.yieldTypes?.has(n));
      set(DECISION, r.decisions.has(n));
      set(LOGICAL_TYPE, r.logicalTypes.has(n));
      set(CYCLOMATIC_ONLY_TYPE, r.cyclomaticOnlyTypes.has(n));
      set(STRUCTURAL, r.structural.has(n));
      set(IF, r.ifTypes.has(n));
      set(ELSE_CLAUSE, n === r.elseClause);
      set(ELIF_CLAUSE, n === r.elifClause);
      set(PAREN, r.parenTypes.has(n));
      set(CALL, r.callTypes.has(n));
      set(RETURN, r.returnTypes.has(n));
      nest[slot] = compileNest(own(r.nestedChildren, n));
      guardedDecision[slot] = own(r.guardedDecisions, n);
      jump[slot] = own(r.jumps, n);
      guardedStatement[slot] = own(r.guardedStatements, n);
    } else {
      set(LOGICAL_OP, r.logicalOps.has(n));
      set(CYCLOMATIC_ONLY_OP, r.cyclomaticOnlyOps.has(n));
      set(CLOSER, CLOSERS.has(n));
      // Whitespace-only anonymous tokens (a newline token) are layout, not operators.
      set(BLANK, n.trim() === '');
      nest[slot] = null;
    }
    flags[slot] = f;
  });
  return {
    rules: r,
    names,
    flags,
    nest,
    guardedDecision,
    jump,
    guardedStatement,
    alternativeField: fieldId(r.alternativeField),
    errorSlot: count,
  };
}
