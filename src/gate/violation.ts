import { createHash } from 'node:crypto';
import type { RuleId } from './rules.js';

/**
 * One violation of a gate rule. Paths are relative to the analysed root, with '/'. `kind` is the
 * function's kind for the function rules, 'file' for fan-out, 'cycle' for an import cycle.
 */
export interface Violation {
  rule: RuleId;
  path: string;
  /** The function's qualified name (function rules only). */
  name?: string;
  kind: string;
  startLine: number;
  endLine: number;
  /** The measure: cyclomatic, cognitive, fan-out, or the number of files in the cycle. */
  value: number;
  /** The largest value allowed (absent for cycles: none is). */
  threshold?: number;
  /** Cycles: every file of the strongly connected component, sorted. */
  members?: string[];
  /** Cycles: a shortest real cycle through the component, a → b → … → a. */
  cycle?: string[];
  fingerprint: string;
}

/**
 * The stable identity of a violation across commits: SHA-256 of the rule, the path, the
 * function's qualified name and its kind (cycles: of the rule and the sorted member list), first
 * 32 hex digits. Line numbers are left out on purpose, so moving code within a file keeps the
 * match; renaming a function or moving it to another file makes it a new violation. Functions
 * of one file with the same name and kind (overloads, several `<anonymous>`) share a
 * fingerprint: the baseline matches them as a multiset (baseline.ts).
 */
export function fingerprintOf(v: {
  rule: RuleId;
  path: string;
  name?: string | undefined;
  kind: string;
  members?: readonly string[] | undefined;
}): string {
  const parts = v.members ? [v.rule, ...v.members] : [v.rule, v.path, v.name ?? '', v.kind];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** A cycle's witness as people read it: the path, and how many files of the tangle it does not pass. */
export function cycleText(path: readonly string[], size: number): string {
  const more = size - (path.length - 1);
  return `${path.join(' → ')}${more > 0 ? ` (+${more} more file${more === 1 ? '' : 's'} in this tangle)` : ''}`;
}

/** What a violation says, in one sentence. */
export function violationMessage(v: Violation): string {
  switch (v.rule) {
    case 'max-cyclomatic':
      return `${v.name} (${v.kind}) has cyclomatic complexity ${v.value} (max ${v.threshold}).`;
    case 'max-cognitive':
      return `${v.name} (${v.kind}) has cognitive complexity ${v.value} (max ${v.threshold}).`;
    case 'max-fan-out':
      return `${v.path} imports ${v.value} files (max fan-out ${v.threshold}).`;
    case 'no-cycles':
      return `Import cycle of ${v.value} file${v.value === 1 ? '' : 's'}: ${cycleText(v.cycle ?? v.members ?? [v.path], v.value)}.`;
  }
}

const RULE_ORDER: Record<RuleId, number> = {
  'no-cycles': 0,
  'max-fan-out': 1,
  'max-cognitive': 2,
  'max-cyclomatic': 3,
};

/** One order for violations whatever the analysis order: by path, line, rule, name. */
export function compareViolations(a: Violation, b: Violation): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.startLine !== b.startLine) return a.startLine - b.startLine;
  if (a.rule !== b.rule) return RULE_ORDER[a.rule] - RULE_ORDER[b.rule];
  const an = a.name ?? '';
  const bn = b.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}
