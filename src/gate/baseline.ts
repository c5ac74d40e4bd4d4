import { z } from 'zod';
import { RULE_IDS } from './rules.js';
import { fingerprintOf, type Violation } from './violation.js';

// The baseline: violations a team has accepted for now, so the gate fails on new work only.
//
// Matching. A violation is matched to a baseline entry by its fingerprint (violation.ts: rule,
// path, qualified name, kind; never line numbers). Entries with one fingerprint are a multiset
// (two `<anonymous>` callbacks of one file): each current violation takes the smallest unused
// entry whose value is at least its own. Import cycles are matched by membership instead: a
// cycle is known when every one of its files was in one baselined cycle, so a tangle that
// shrinks or splits still passes and one that grows (or a new one) fails.
//
// Worse counts as new. A matched violation whose value is higher than the baselined value
// (a function that got more complex, a file that imports more) fails the gate with state
// "worse": a baseline freezes debt, it does not allow it to grow. Lower values pass; write the
// baseline again (--update-baseline) to ratchet it down.

export const BASELINE_VERSION = 1;

const EntrySchema = z.object({
  rule: z.enum(RULE_IDS),
  path: z.string(),
  name: z.string().optional(),
  kind: z.string(),
  value: z.number(),
  members: z.array(z.string()).optional(),
  fingerprint: z
    .string()
    .optional()
    .describe('Derived from the other fields (rule, path, name, kind; members for cycles); recomputed on reading.'),
});

export const BaselineSchema = z.object({
  version: z.literal(BASELINE_VERSION),
  about: z.string().optional(),
  violations: z.array(EntrySchema),
});

export type Baseline = z.infer<typeof BaselineSchema>;
export type BaselineEntry = z.infer<typeof EntrySchema>;

/** Whether a violation fails the gate: no baseline entry (new), or a higher value than its entry (worse). */
export type ViolationState = 'new' | 'worse' | 'baselined';

export interface Judged extends Violation {
  state: ViolationState;
  /** The matched entry's value (worse and baselined); for a cycle, the size of the baselined cycle holding it. */
  baselineValue?: number;
}

export interface Judgement {
  violations: Judged[];
  /** Baseline entries that no current violation matched: fixed (or renamed, or moved). */
  fixed: number;
}

export function parseBaseline(text: string, source: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success)
    throw new BaselineError(
      `${source} is not a quality-gate baseline (version ${BASELINE_VERSION}): ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Judges every violation against the baseline (all new without one). */
export function judge(violations: readonly Violation[], baseline: Baseline | undefined): Judgement {
  if (!baseline) return { violations: violations.map((v) => ({ ...v, state: 'new' })), fixed: 0 };
  const cycles = baseline.violations.filter((e) => e.rule === 'no-cycles');
  const byFingerprint = new Map<string, number[]>();
  for (const e of baseline.violations) {
    if (e.rule === 'no-cycles') continue;
    const key = fingerprintOf(e);
    const values = byFingerprint.get(key);
    if (values) values.push(e.value);
    else byFingerprint.set(key, [e.value]);
  }
  const judged = new Map<Violation, Judged>();
  let fixed = 0;
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    if (v.rule === 'no-cycles') continue;
    const group = groups.get(v.fingerprint);
    if (group) group.push(v);
    else groups.set(v.fingerprint, [v]);
  }
  for (const [key, group] of groups) matchGroup(group, byFingerprint.get(key) ?? [], judged);
  for (const [key, values] of byFingerprint)
    fixed += groups.has(key) ? Math.max(0, values.length - groups.get(key)!.length) : values.length;
  const usedCycles = new Set<number>();
  for (const v of violations) if (v.rule === 'no-cycles') judged.set(v, judgeCycle(v, cycles, usedCycles));
  fixed += cycles.length - usedCycles.size;
  return { violations: violations.map((v) => judged.get(v)!), fixed };
}

/**
 * One fingerprint's violations against its baseline values: ascending, each takes the smallest
 * free value at least its own (as many known as possible); the rest take what is left (worse),
 * then none (new).
 */
function matchGroup(group: Violation[], baselineValues: number[], out: Map<Violation, Judged>): void {
  const free = [...baselineValues].sort((a, b) => a - b);
  const ascending = [...group].sort((a, b) => a.value - b.value);
  const unmatched: Violation[] = [];
  for (const v of ascending) {
    const at = free.findIndex((b) => b >= v.value);
    if (at < 0) {
      unmatched.push(v);
      continue;
    }
    out.set(v, { ...v, state: 'baselined', baselineValue: free[at]! });
    free.splice(at, 1);
  }
  for (const v of unmatched) {
    const b = free.shift();
    out.set(v, b === undefined ? { ...v, state: 'new' } : { ...v, state: 'worse', baselineValue: b });
  }
}

function judgeCycle(v: Violation, cycles: BaselineEntry[], used: Set<number>): Judged {
  const members = v.members ?? [v.path];
  const at = cycles.findIndex((e) => {
    const known = new Set(e.members ?? [e.path]);
    return members.every((m) => known.has(m));
  });
  if (at < 0) return { ...v, state: 'new' };
  used.add(at);
  return { ...v, state: 'baselined', baselineValue: (cycles[at]!.members ?? [cycles[at]!.path]).length };
}

/** An entry of the baseline file for a violation: the fields its fingerprint is made of, and its value. */
function entryOf(v: Violation): BaselineEntry {
  return {
    rule: v.rule,
    path: v.path,
    ...(v.name !== undefined ? { name: v.name } : {}),
    kind: v.kind,
    value: v.value,
    ...(v.members ? { members: v.members } : {}),
    fingerprint: v.fingerprint,
  };
}

const text = (s: string | undefined) => s ?? '';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    cmp(a.rule, b.rule) ||
    cmp(a.path, b.path) ||
    cmp(text(a.name), text(b.name)) ||
    cmp(a.kind, b.kind) ||
    a.value - b.value ||
    cmp((a.members ?? []).join('\n'), (b.members ?? []).join('\n'))
  );
}

/**
 * The baseline file for these violations: sorted (rule, path, name, kind, value), no time or
 * version stamp, one entry per line, so the same violations always give the same bytes and a
 * change reads as a small diff.
 */
export function writeBaseline(violations: readonly Violation[]): string {
  const entries = violations.map(entryOf).sort(compareEntries);
  const about =
    'mcp-code-analysis quality gate baseline: violations accepted for now. Matched by rule, path, function name and kind (not lines); a higher value than recorded fails. Rewrite with check --update-baseline.';
  const lines = entries.map((e, i) => `    ${JSON.stringify(e)}${i < entries.length - 1 ? ',' : ''}`);
  return `{\n  "version": ${BASELINE_VERSION},\n  "about": ${JSON.stringify(about)},\n  "violations": [${entries.length ? `\n${lines.join('\n')}\n  ` : ''}]\n}\n`;
}
