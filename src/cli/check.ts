import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { judge, parseBaseline, writeBaseline, type Baseline, type Judged } from '../gate/baseline.js';
import { GateConfigError, loadGateConfig, type GateConfig } from '../gate/config.js';
import { toGithub } from '../gate/github.js';
import { countViolations } from '../gate/report.js';
import { toSarif } from '../gate/sarif.js';
import { violationMessage } from '../gate/violation.js';
import type { App } from '../server/app.js';
import { SERVER_VERSION } from '../server/version.js';
import { renderGateText, type GateTextInput } from '../tools/shared/gate-text.js';
import { ANALYSIS_CONFIG_KEYS, addConfigOptions } from './options.js';
import { describeError, runTool } from './run-tool.js';

// `check`: the quality gate for CI. Runs the quality_gate tool (page after page, so nothing is
// cut), prints the verdict as text, JSON, SARIF 2.1.0 or GitHub Actions annotations, and exits
// 0 when nothing fails, 1 when something does, 2 when the check itself could not run (bad
// usage, an unreadable configuration or baseline, an analysis error).

type WithApp = <T>(
  opts: Record<string, unknown>,
  target: string,
  body: (app: App, signal: AbortSignal) => Promise<T>,
) => Promise<T>;

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

type Item = Judged & { message: string; membersOmitted?: number };

interface Report extends GateTextInput {
  violations: Item[];
}

/** A usage or setup problem: reported on stderr, exit 2. */
class CheckError extends Error {}

const count = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
};

function isDirectory(path: string): boolean {
  try {
    return statSync(resolve(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Flags over the configuration file, key by key. */
function settings(path: string, opts: Record<string, any>): GateConfig {
  let file: GateConfig;
  try {
    file = loadGateConfig(path, opts.config, isDirectory(path)).config;
  } catch (error) {
    if (error instanceof GateConfigError) throw new CheckError(error.message);
    throw error;
  }
  const flags: GateConfig = {
    maxCyclomatic: opts.maxCyclomatic,
    maxCognitive: opts.maxCognitive,
    maxFanOut: opts.maxFanOut,
    noCycles: opts.cycles === undefined ? undefined : !opts.cycles,
    baseline: opts.baseline === undefined ? undefined : resolve(opts.baseline),
    include: opts.include,
    exclude: opts.exclude,
  };
  const merged = {
    ...file,
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
  } as GateConfig;
  if (
    merged.maxCyclomatic === undefined &&
    merged.maxCognitive === undefined &&
    merged.maxFanOut === undefined &&
    !merged.noCycles
  ) {
    throw new CheckError(
      'nothing to check: give --max-cyclomatic, --max-cognitive, --max-fan-out or --no-cycles, or put them in .mca-check.json (or --config FILE).',
    );
  }
  return merged;
}

function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CheckError(
      missing
        ? `no baseline at ${file}: write one with --update-baseline.`
        : `cannot read the baseline ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return parseBaseline(text, file);
  } catch (error) {
    throw new CheckError((error as Error).message);
  }
}

/** Every page of the tool's answer, joined: the first page's verdict and counts, every violation. */
async function runGate(app: App, args: Record<string, unknown>, signal: AbortSignal): Promise<Report> {
  let report: Report | undefined;
  let cursor: string | undefined;
  do {
    const envelope = await runTool(app, 'quality_gate', { ...args, ...(cursor ? { cursor } : {}) }, signal);
    if (!envelope.status.success) throw new CheckError(describeError(envelope));
    const { violations, nextCursor, truncated: _truncated, total: _total, ...rest } = envelope.data;
    if (report) report.violations.push(...violations);
    else report = { ...rest, violations: [...violations] };
    cursor = nextCursor;
  } while (cursor);
  const cut = report!.violations.find((v) => v.membersOmitted);
  if (cut)
    throw new CheckError(`the cycle at ${cut.path} has more members than one answer holds (--max-response-tokens).`);
  return report!;
}

/** The report as if the baseline just written had been given: everything found is baselined. */
function rejudged(report: Report, baseline: Baseline): Report {
  const { violations, fixed } = judge(report.violations, baseline);
  const items = violations.map((v) => ({ ...v, message: violationMessage(v) }));
  const counts = countViolations(items, fixed, report.counts.files, report.counts.skipped);
  return {
    ...report,
    passed: counts.failing === 0,
    counts,
    baseline: { entries: baseline.violations.length },
    violations: items,
  };
}

function render(format: string, report: Report, root: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif({ violations: report.violations, root, toolVersion: SERVER_VERSION, baseline: report.baseline !== undefined }), null, 2)}\n`;
    case 'github':
      return toGithub(report.violations, renderGateText({ ...report, violations: [] }).split('\n')[0]!);
    default:
      return `${renderGateText(report)}\n`;
  }
}

async function check(withApp: WithApp, path: string, opts: Record<string, any>): Promise<number> {
  const gate = settings(path, opts);
  if (opts.updateBaseline && !gate.baseline)
    throw new CheckError(
      '--update-baseline needs a baseline file: --baseline FILE (or "baseline" in .mca-check.json).',
    );
  const baseline = gate.baseline && !opts.updateBaseline ? readBaseline(gate.baseline) : undefined;
  const args = {
    path,
    ...Object.fromEntries(
      Object.entries({
        maxCyclomatic: gate.maxCyclomatic,
        maxCognitive: gate.maxCognitive,
        maxFanOut: gate.maxFanOut,
        include: gate.include,
        exclude: gate.exclude,
        languages: gate.languages,
      }).filter(([, v]) => v !== undefined),
    ),
    noCycles: gate.noCycles ?? false,
    ...(baseline ? { baseline } : {}),
    limit: 100_000,
  };
  return withApp(opts, path, async (app, signal) => {
    let report = await runGate(app, args, signal);
    // SARIF's %SRCROOT%: the root the tool's paths are relative to.
    const root = (await app.deps.roots.resolve(path)).root;
    if (opts.updateBaseline) {
      const text = writeBaseline(report.violations);
      writeFileSync(gate.baseline!, text);
      process.stderr.write(`baseline written: ${report.violations.length} violations in ${gate.baseline}\n`);
      report = rejudged(report, parseBaseline(text, gate.baseline!));
    }
    const output = render(opts.format ?? 'text', report, root);
    if (opts.output) {
      writeFileSync(opts.output, output);
      process.stderr.write(`${renderGateText({ ...report, violations: [] }).split('\n')[0]}\n`);
    } else process.stdout.write(output);
    return report.passed ? EXIT_PASSED : EXIT_FAILED;
  });
}

export function checkCommand(withApp: WithApp): Command {
  const cmd = new Command('check')
    .description(
      'Quality gate for CI: fail (exit 1) on functions over complexity limits, files over a fan-out limit, or import cycles; exit 0 when clean, 2 when the check cannot run. Limits also from .mca-check.json (flags win); a baseline lets existing violations pass.',
    )
    .argument('[path]', 'file or directory under a root', '.')
    .option('--max-cyclomatic <n>', 'largest cyclomatic complexity a function may have', count)
    .option('--max-cognitive <n>', 'largest cognitive complexity a function may have', count)
    .option('--max-fan-out <n>', 'most distinct files of the tree a file may import', count)
    // --cycles first: defined after it, --no-cycles leaves the value unset unless given.
    .option('--cycles', 'allow import cycles (overrides "noCycles" of a configuration file)')
    .option('--no-cycles', 'fail on import cycles')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'),
    )
    .option('-o, --output <file>', 'write the output to a file (the verdict line still goes to stderr)')
    .option('--config <file>', 'configuration file (default: .mca-check.json in the path, when present)')
    .option(
      '--baseline <file>',
      'violations accepted for now (written by --update-baseline); only new or worse ones fail',
    )
    .option('--update-baseline', 'write every current violation to the baseline file, then pass')
    .option('--include <glob>', 'only files matching (repeatable)', (v, p: string[] = []) => [...p, v])
    .option('--exclude <glob>', 'skip files matching (repeatable)', (v, p: string[] = []) => [...p, v]);
  addConfigOptions(cmd, ANALYSIS_CONFIG_KEYS);
  // Usage errors are exit 2 (1 means "violations"); --help and --version stay 0.
  cmd.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR));
  return cmd.action(async (path: string, opts: Record<string, any>) => {
    try {
      process.exitCode = await check(withApp, path, opts);
    } catch (error) {
      if (!(error instanceof CheckError)) throw error; // main reports it, exit 2
      process.stderr.write(`mcp-code-analysis check: ${error.message}\n`);
      process.exitCode = EXIT_ERROR;
    }
  });
}
