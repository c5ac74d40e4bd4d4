import { cycleText } from '../../gate/violation.js';
import { pagingText } from './text-parts.js';
import { table } from './text-table.js';

// quality_gate's text block (and the command line's `check --format text`): the verdict and
// its counts in a heading, then one aligned row per violation, failing ones first.

interface Row {
  rule: string;
  state: string;
  path: string;
  name?: string | undefined;
  kind: string;
  startLine: number;
  value: number;
  threshold?: number | undefined;
  baselineValue?: number | undefined;
  cycle?: string[] | undefined;
}

export interface GateTextInput {
  passed: boolean;
  thresholds: {
    maxCyclomatic?: number | undefined;
    maxCognitive?: number | undefined;
    maxFanOut?: number | undefined;
    noCycles: boolean;
  };
  counts: {
    violations: number;
    failing: number;
    new: number;
    worse: number;
    baselined: number;
    fixed: number;
    files: number;
    skipped: number;
  };
  baseline?: { entries: number } | undefined;
  violations: Row[];
  truncated?: string | undefined;
}

function limitsText(t: GateTextInput['thresholds']): string {
  const parts = [
    t.maxCyclomatic !== undefined ? `cyclomatic ≤ ${t.maxCyclomatic}` : '',
    t.maxCognitive !== undefined ? `cognitive ≤ ${t.maxCognitive}` : '',
    t.maxFanOut !== undefined ? `fan-out ≤ ${t.maxFanOut}` : '',
    t.noCycles ? 'no import cycles' : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function what(v: Row): string {
  if (v.rule === 'no-cycles') return cycleText(v.cycle ?? [v.path], v.value);
  const subject = v.name !== undefined ? `${v.name} (${v.kind})` : `imports ${v.value} files`;
  return v.state === 'worse' ? `${subject}; baseline ${v.baselineValue}` : subject;
}

export function renderGateText(d: GateTextInput): string {
  const c = d.counts;
  const verdict = d.passed ? 'PASSED' : 'FAILED';
  const failing =
    c.failing === 0
      ? 'no violation fails the gate'
      : `${c.failing} violation${c.failing === 1 ? '' : 's'} fail${c.failing === 1 ? 's' : ''} the gate (${c.new} new, ${c.worse} worse than the baseline)`;
  const known = d.baseline
    ? `; ${c.baselined} baselined, ${c.fixed} baseline entr${c.fixed === 1 ? 'y' : 'ies'} fixed`
    : '';
  const lines = [
    `Quality gate ${verdict}: ${failing}${known}.`,
    `Limits: ${limitsText(d.thresholds)}. ${c.files} files analysed${c.skipped ? `, ${c.skipped} skipped` : ''}.`,
  ];
  if (d.violations.length > 0) {
    const rows = d.violations.map((v) => [
      v.state,
      v.rule,
      v.value,
      v.threshold ?? '-',
      `${v.path}:${v.startLine}`,
      what(v),
    ]);
    lines.push('', table(['state', 'rule', 'value', 'max', 'where', 'what'], rows, '  '));
  }
  lines.push(...pagingText(d));
  return lines.join('\n');
}
