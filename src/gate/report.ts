import type { Judged } from './baseline.js';
import type { RuleId } from './rules.js';

// What a gate run concluded, counted once for the tool's answer and the command line.

export interface GateCounts {
  violations: number;
  /** new + worse: the gate passes when 0. */
  failing: number;
  new: number;
  worse: number;
  baselined: number;
  /** Baseline entries no current violation matched (0 without a baseline). */
  fixed: number;
  byRule: Partial<Record<RuleId, number>>;
  files: number;
  skipped: number;
}

export function countViolations(judged: readonly Judged[], fixed: number, files: number, skipped: number): GateCounts {
  const byState = { new: 0, worse: 0, baselined: 0 };
  const byRule: Partial<Record<RuleId, number>> = {};
  for (const v of judged) {
    byState[v.state]++;
    byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  }
  return { violations: judged.length, failing: byState.new + byState.worse, ...byState, fixed, byRule, files, skipped };
}
