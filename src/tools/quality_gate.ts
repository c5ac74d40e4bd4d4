import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BaselineError, BaselineSchema, judge, parseBaseline, type Baseline, type Judged } from '../gate/baseline.js';
import { countViolations } from '../gate/report.js';
import { RULE_IDS } from '../gate/rules.js';
import { compareViolations, violationMessage } from '../gate/violation.js';
import { ToolError } from '../envelope/errors.js';
import { defineTool, type ToolContext } from './define.js';
import { budgetFor, fitPage, MaxTokensField } from './shared/budget.js';
import { gateViolations, type GateThresholds } from './shared/gate-scan.js';
import { renderGateText } from './shared/gate-text.js';
import { nextCursorAfter, truncationNote } from './shared/paging.js';
import { runAnalysis } from './shared/run-analysis.js';
import { CursorField, FilterFields, PathField } from './shared/schemas.js';

const Threshold = z.number().int().min(0).max(1_000_000).optional();

const ViolationSchema = z.object({
  rule: z.enum(RULE_IDS),
  state: z
    .enum(['new', 'worse', 'baselined'])
    .describe(
      'new: not in the baseline (every violation without one); worse: in it with a lower value; both fail the gate. baselined: accepted by the baseline.',
    ),
  path: z.string().describe('File relative to the root, with /; for a cycle, the first file of its path.'),
  name: z.string().optional().describe("The function's qualified name (function rules)."),
  kind: z.string().describe('The function\'s kind; "file" for fan-out; "cycle" for an import cycle.'),
  startLine: z.number(),
  endLine: z.number(),
  value: z.number().describe('Cyclomatic, cognitive, fan-out, or the number of files in the cycle.'),
  threshold: z.number().optional().describe('The largest value allowed (absent for cycles).'),
  baselineValue: z.number().optional().describe('The value recorded in the baseline (worse and baselined).'),
  cycle: z.array(z.string()).optional().describe('Cycles: a shortest real cycle through the component, a → b → … → a.'),
  members: z.array(z.string()).optional().describe('Cycles: every file of the strongly connected component, sorted.'),
  membersOmitted: z.number().optional().describe('Cycles: members left out to fit the answer budget.'),
  message: z.string(),
  fingerprint: z
    .string()
    .describe('Stable identity (rule, path, qualified name, kind; not lines): what a baseline matches.'),
});

const CountsSchema = z.object({
  violations: z.number(),
  failing: z.number().describe('new + worse: the gate passes when 0.'),
  new: z.number(),
  worse: z.number(),
  baselined: z.number(),
  fixed: z.number().describe('Baseline entries no current violation matched (0 without a baseline).'),
  byRule: z.record(z.string(), z.number()).describe('Violations (failing or not) per rule.'),
  files: z.number().describe('Files analysed.'),
  skipped: z.number().describe('Files not analysed (binary, too large, …).'),
});

const DEFAULT_LIMIT = 100;
const NARROW = 'a narrower path, include/exclude globs, or fewer rules';
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
const STATE_ORDER = { new: 0, worse: 1, baselined: 2 } as const;

/** The baseline argument: inline JSON (an object, or JSON text) or a file under the roots. */
async function loadBaseline(arg: string | Baseline | undefined, ctx: ToolContext): Promise<Baseline | undefined> {
  if (arg === undefined || typeof arg === 'object') return arg;
  try {
    if (arg.trimStart().startsWith('{')) return parseBaseline(arg, 'baseline');
    const file = await ctx.deps.roots.resolve(arg);
    if (file.isDirectory)
      throw new ToolError('INVALID_ARGUMENT', `baseline ${arg} is a directory, not a baseline file.`);
    const text = await readFile(file.absolute, 'utf8');
    if (text.length > MAX_BASELINE_BYTES)
      throw new ToolError('INVALID_ARGUMENT', `baseline ${arg} is larger than ${MAX_BASELINE_BYTES} bytes.`);
    return parseBaseline(text, arg);
  } catch (error) {
    if (error instanceof BaselineError) throw new ToolError('INVALID_ARGUMENT', error.message);
    throw error;
  }
}

/**
 * A violation as the answer lists it; `membersCap` cuts a cycle's member list (one huge tangle on a page of its own).
 */
function item(v: Judged, membersCap?: number) {
  const cut = v.members && membersCap !== undefined && v.members.length > membersCap;
  return {
    ...v,
    ...(cut ? { members: v.members!.slice(0, membersCap), membersOmitted: v.members!.length - membersCap! } : {}),
    message: violationMessage(v),
  };
}

export const qualityGate = defineTool({
  name: 'quality_gate',
  title: 'Quality gate',
  description:
    "Checks a file or directory against limits and says pass or fail, like a CI gate: functions over a cyclomatic or cognitive complexity limit, files importing more files than a fan-out limit, and import cycles. Use it before proposing or finishing a change, to see whether it would fail the team's gate, or to list what breaks a limit. With a baseline (the file `check --update-baseline` writes, inline or as a path under the roots), only violations that are new or got worse fail; baselined ones are listed after them. Give at least one limit. Answers are cut to a size budget (maxTokens, default 8000 tokens): failing violations first, data.nextCursor continues.",
  category: 'analysis',
  tags: [
    'quality gate',
    'ci',
    'thresholds',
    'complexity',
    'cyclomatic',
    'cognitive',
    'fan-out',
    'cycles',
    'baseline',
    'sarif',
  ],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['analyze_complexity', 'analyze_dependencies'],
  examples: [
    {
      description: 'Would this tree pass a gate of cognitive 15 and no import cycles?',
      arguments: { path: 'src', maxCognitive: 15, noCycles: true },
    },
    {
      description: 'Only what is new since the committed baseline',
      arguments: {
        path: '.',
        maxCyclomatic: 10,
        maxCognitive: 15,
        maxFanOut: 20,
        noCycles: true,
        baseline: '.mca-baseline.json',
      },
    },
  ],
  inputSchema: z.strictObject({
    path: PathField,
    ...FilterFields,
    maxCyclomatic: Threshold.describe(
      'Largest cyclomatic complexity a function may have; a function above it is a violation.',
    ),
    maxCognitive: Threshold.describe('Largest cognitive complexity a function may have.'),
    maxFanOut: Threshold.describe(
      'Most distinct files of the tree a file may import (resolved imports of every kind; packages do not count).',
    ),
    noCycles: z
      .boolean()
      .optional()
      .describe(
        'Every import cycle is a violation: each strongly connected set of files, as analyze_dependencies reports cycles by default.',
      ),
    baseline: z
      .union([z.string().min(1).max(MAX_BASELINE_BYTES), BaselineSchema])
      .optional()
      .describe(
        "Accepted violations: a baseline file's JSON (as an object or as text), or the path of one under the roots. Violations in it do not fail unless their value grew.",
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(`Most violations per page (default ${DEFAULT_LIMIT}); the size budget may hold fewer.`),
    cursor: CursorField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    passed: z.boolean().describe('true when no violation is new or worse than the baseline.'),
    thresholds: z.object({
      maxCyclomatic: z.number().optional(),
      maxCognitive: z.number().optional(),
      maxFanOut: z.number().optional(),
      noCycles: z.boolean(),
    }),
    counts: CountsSchema,
    baseline: z.object({ entries: z.number() }).optional().describe('Present when a baseline was given.'),
    violations: z
      .array(ViolationSchema)
      .describe(
        "This page's violations: failing (new, then worse) first, then baselined; each group by path and line.",
      ),
    total: z.number().describe('Violations over all pages.'),
    nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, for the next page.'),
    truncated: z
      .string()
      .optional()
      .describe('Present when this answer does not hold every violation: what it shows and how to get the rest.'),
  }),
  renderText: renderGateText,
  largeResults: true,
  async handler(args, ctx) {
    const thresholds: GateThresholds = {
      maxCyclomatic: args.maxCyclomatic,
      maxCognitive: args.maxCognitive,
      maxFanOut: args.maxFanOut,
      noCycles: args.noCycles ?? false,
    };
    if (
      args.maxCyclomatic === undefined &&
      args.maxCognitive === undefined &&
      args.maxFanOut === undefined &&
      !args.noCycles
    ) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        'Nothing to check: give at least one of maxCyclomatic, maxCognitive, maxFanOut, noCycles.',
      );
    }
    const baseline = await loadBaseline(args.baseline, ctx);
    const run = await runAnalysis(args, ctx);
    const key = JSON.stringify(['quality_gate:violations', thresholds]);
    // Found once per snapshot and limits: later pages and repeated calls slice the same list.
    const found = await ctx.deps.analyses.page(run.snapshot, key, () => gateViolations(run, thresholds, ctx));
    const judgement = judge(found, baseline);
    const judged = judgement.violations.sort(
      (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || compareViolations(a, b),
    );
    const c = countViolations(judged, judgement.fixed, run.snapshot.files.length, run.snapshot.skipped.length);
    const budget = budgetFor(args.maxTokens, ctx.deps.config.maxResponseTokens);
    const start = run.paging.start;
    const base = {
      passed: c.failing === 0,
      thresholds: { ...thresholds, noCycles: args.noCycles ?? false },
      counts: c,
      ...(baseline ? { baseline: { entries: baseline.violations.length } } : {}),
      total: judged.length,
    };
    const build = (count: number, membersCap?: number) => {
      const violations = judged.slice(start, start + count).map((v, i) => item(v, i === 0 ? membersCap : undefined));
      const nextCursor = nextCursorAfter(run.paging, count, judged.length);
      const first = violations[0];
      const cut = first?.membersOmitted
        ? [`members of the cycle at ${first.path}: ${first.members!.length} of ${first.value} listed`]
        : [];
      const truncated = truncationNote({
        unit: 'violations',
        start,
        count,
        total: judged.length,
        nextCursor,
        cut,
        budgetTokens: budget.tokens,
        narrow: NARROW,
      });
      return { ...base, violations, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
    };
    const innerMax = judged[start]?.members?.length;
    const { data } = fitPage({
      total: judged.length,
      start,
      limit: args.limit ?? DEFAULT_LIMIT,
      budget,
      render: renderGateText,
      build,
      ...(innerMax ? { innerMax } : {}),
    });
    return { data, engine: run.engine.kind, cache: run.cache };
  },
});
