import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import type { Envelope } from '../envelope/envelope.js';
import type { App, AppOverrides } from '../server/app.js';
import { batchRunner } from '../server/batch-runner.js';
import { MAX_WAIT_MS } from '../tools/batch_status.js';
import { formatProblems, parseJobLines, refusalProblems, type JobLines, type LineProblem } from './batch-input.js';
import { headerRow, resultJson, resultRow, rowLayout, summaryText, type BatchSummary } from './batch-output.js';
import { ANALYSIS_CONFIG_KEYS, addConfigOptions, flagsToConfig } from './options.js';
import { describeError } from './run-tool.js';

// `batch`: the jobs of a JSON Lines file submitted as one batch (batch_submit), waited for
// (batch_status) and printed page by page. With the memory store this process is the worker,
// so it always waits; with --store redis the fleet's servers run the jobs and this process
// submits, and waits only when asked. Exit 0 when every job succeeded, 1 when one did not, 2
// when the batch could not be made or followed (a bad line, a refused job, a store error).

export const EXIT_ALL_SUCCEEDED = 0;
export const EXIT_JOB_FAILED = 1;
export const EXIT_ERROR = 2;

/** Results per batch_status page: one page is held at a time. */
const PAGE = 100;

type WithApp = <T>(
  opts: Record<string, unknown>,
  targets: readonly string[],
  body: (app: App, signal: AbortSignal) => Promise<T>,
  overrides?: AppOverrides,
) => Promise<T>;

/** The batch could not be made or followed: the message goes to stderr, exit 2. */
class BatchError extends Error {
  /** A listing of FILE:LINE problems, printed as it is. */
  constructor(
    message: string,
    readonly listing = false,
  ) {
    super(message);
  }
}

const STORE_KEYS = ['store', 'redisUrl', 'redisCluster', 'redisCa', 'redisCert', 'redisKey', 'redisPassword'];

/** One tool call through the execution service, as every command makes it. */
async function call(
  app: App,
  tool: string,
  args: Record<string, unknown>,
  options: { signal?: AbortSignal | undefined; onProgress?: (done: number, total: number | undefined) => void } = {},
): Promise<Envelope<any>> {
  const { envelope } = await app.service.run(app.registry.get(tool)!, args, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return envelope;
}

async function readJobs(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text;
  } catch (error) {
    throw new BatchError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

/** "n of total jobs finished" on stderr, in place, only at a terminal (never in pipes or logs). */
function jobsProgress(stream: NodeJS.WriteStream = process.stderr) {
  let drawn = false;
  return {
    update(done: number, total: number | undefined) {
      if (!stream.isTTY) return;
      stream.write(`\r\x1b[K${done} of ${total ?? '?'} jobs finished`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** Every job checked here first, so every bad line is reported at once (the submit checks again). */
function localProblems(app: App, { jobs, lines }: JobLines): LineProblem[] {
  const runner = batchRunner(app.registry, app.service);
  return jobs.flatMap((job, i) => {
    const problem = runner.check(job.tool, job.args);
    if (!problem) return [];
    const named = problem.message.startsWith(`${job.tool} `);
    return [{ line: lines[i]!, message: named ? problem.message : `${job.tool}: ${problem.message}` }];
  });
}

function refused(source: string, problems: LineProblem[]): BatchError {
  return new BatchError(`${formatProblems(source, problems)}mcp-code-analysis batch: nothing was submitted`, true);
}

/**
 * batch_status with waitMs until the batch is no longer working. Ctrl-C cancels the batch
 * (batch_cancel), then the wait goes on until the running jobs have stopped.
 */
async function waitForBatch(app: App, batchId: string, signal: AbortSignal): Promise<BatchSummary> {
  // Below the call's own deadline, so a long wait is never a TIMEOUT.
  const waitMs = Math.min(MAX_WAIT_MS, Math.max(1000, Math.floor(app.config.toolTimeoutMs / 2)));
  const progress = jobsProgress();
  let cancelled = false;
  try {
    for (;;) {
      if (signal.aborted && !cancelled) {
        cancelled = true;
        progress.done();
        process.stderr.write('mcp-code-analysis batch: interrupted, cancelling the batch\n');
        const answer = await call(app, 'batch_cancel', { batchId });
        if (!answer.status.success) throw new BatchError(describeError(answer));
      }
      const answer = await call(
        app,
        'batch_status',
        { batchId, waitMs, limit: 1 },
        { signal: cancelled ? undefined : signal, onProgress: progress.update },
      );
      if (!answer.status.success) {
        if (signal.aborted && !cancelled) continue;
        throw new BatchError(describeError(answer));
      }
      if (answer.data.state !== 'working') return answer.data as BatchSummary;
    }
  } finally {
    progress.done();
  }
}

/** Every result, page after page (nextCursor), each written before the next page is asked for. */
async function printResults(app: App, batchId: string, print: (result: any) => string): Promise<void> {
  let cursor: string | undefined;
  do {
    const answer = await call(app, 'batch_status', { batchId, limit: PAGE, ...(cursor ? { cursor } : {}) });
    if (!answer.status.success) throw new BatchError(describeError(answer));
    const { results, nextCursor } = answer.data as { results: any[]; nextCursor?: string };
    // A finished batch has every result: an empty page with more to come would loop for ever.
    if (results.length === 0 && nextCursor) throw new BatchError(`batch ${batchId}: results missing at ${nextCursor}`);
    for (const result of results) await write(print(result));
    cursor = nextCursor;
  } while (cursor);
}

/** The jobs checked here, then submitted; a refusal names the lines of the jobs it is about. */
async function submit(app: App, source: string, parsed: JobLines) {
  const problems = localProblems(app, parsed);
  if (problems.length > 0) throw refused(source, problems);
  const submitted = await call(app, 'batch_submit', { jobs: parsed.jobs });
  if (!submitted.status.success) {
    const named = refusalProblems(submitted.status, parsed.lines);
    throw named.length > 0 ? refused(source, named) : new BatchError(describeError(submitted));
  }
  return submitted.data as { batchId: string; total: number; expiresAt: string };
}

/** Waits for the batch, prints every result and the summary; the exit code. */
async function follow(app: App, batchId: string, parsed: JobLines, opts: Record<string, any>, signal: AbortSignal) {
  const remote = app.config.store === 'redis';
  if (remote && (await app.fleet.instances()).length === 0)
    process.stderr.write(
      'mcp-code-analysis batch: warning: no server is registered on this Redis; the jobs wait until one runs them\n',
    );
  const { state, total, counts } = await waitForBatch(app, batchId, signal);
  const { jobs, lines } = parsed;
  const layout = rowLayout(jobs, lines);
  if (!opts.json) await write(headerRow(layout));
  await printResults(app, batchId, (r) =>
    opts.json ? resultJson(lines[r.index]!, r) : resultRow(layout, lines[r.index]!, r),
  );
  await write(
    opts.json
      ? `${JSON.stringify({ batchId, state, total, counts })}\n`
      : summaryText({ batchId, state, total, counts }, remote),
  );
  return state === 'completed' && counts.completed === total ? EXIT_ALL_SUCCEEDED : EXIT_JOB_FAILED;
}

async function runBatch(withApp: WithApp, file: string, opts: Record<string, any>): Promise<number> {
  const source = file === '-' ? '<stdin>' : file;
  const parsed = parseJobLines(await readJobs(file));
  if (!parsed.ok) throw refused(source, parsed.problems);
  const config = loadConfig(flagsToConfig(opts));
  const remote = config.store === 'redis';
  if (!remote && config.batchConcurrency === 0)
    throw new BatchError('--batch-concurrency 0 runs no job: with the memory store this process runs them.');
  const paths = parsed.value.jobs.flatMap((job) => (typeof job.args.path === 'string' ? [job.args.path] : []));
  // Without Redis the batch lives in this process: it must run the jobs, and so wait for them.
  const overrides = { batchWorker: !remote };
  return withApp(
    opts,
    paths,
    async (app, signal) => {
      const { batchId, total, expiresAt } = await submit(app, source, parsed.value);
      if (remote && !opts.wait) {
        await write(
          opts.json
            ? `${JSON.stringify({ batchId, total, expiresAt })}\n`
            : `batch ${batchId}: ${total} jobs submitted; results kept until ${expiresAt} (batch_status)\n`,
        );
        return EXIT_ALL_SUCCEEDED;
      }
      return follow(app, batchId, parsed.value, opts, signal);
    },
    overrides,
  );
}

const HELP = `
Jobs file (JSON Lines; "-" reads stdin): one job per line; blank lines and lines
starting with # are skipped:
  {"tool": "analyze_complexity", "args": {"path": "packages/api"}}
  {"tool": "analyze_dependencies", "args": {"path": "packages/core"}}
Tools: analyze_complexity, analyze_structure, analyze_dependencies, hotspots,
symbol_at, quality_gate, with their arguments as in a direct call
("mcp-code-analysis tools --json" shows them). Every line is checked before
anything is submitted: bad lines are reported as FILE:LINE and nothing runs.

With the memory store (the default) this process runs the jobs, as many at once
as --batch-concurrency, and waits for them: --wait is implied. With --store redis
the servers on that Redis run them (relative paths are theirs to resolve); this
process submits, prints the batch id and exits, or with --wait waits and prints
the results. Ctrl-C while waiting cancels the batch.

Output: a row per job in file order (line, tool, path, status code, a few facts)
and a summary line. With --json: one JSON line per job (batch_status's result
and its "line"), then {batchId, state, total, counts}. A quality_gate job that
finds violations succeeded: its verdict is in its facts ("check" fails builds).

Exit status: 0 every job succeeded; 1 a job failed or was cancelled (its status
code says why); 2 nothing ran, or the batch could not be followed (unreadable
file, bad line, refused job, store error).`;

export function batchCommand(withApp: WithApp): Command {
  const cmd = new Command('batch')
    .description(
      'Run the analyses of a JSON Lines file as one batch (batch_submit): in this process, or on the servers of a Redis with --store redis.',
    )
    .argument('<jobs.jsonl>', 'one job per line, {"tool": …, "args": {…}}; - for stdin')
    .option('--wait', 'with --store redis: wait for the jobs and print their results (always so without Redis)')
    .option('--json', 'one JSON line per job result, then a summary line');
  addConfigOptions(cmd, [...ANALYSIS_CONFIG_KEYS, ...STORE_KEYS, 'batchConcurrency']);
  cmd.addHelpText('after', HELP);
  // Usage errors are exit 2 (1 means a job failed); --help and --version stay 0.
  cmd.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR));
  return cmd.action(async (file: string, opts: Record<string, any>) => {
    try {
      process.exitCode = await runBatch(withApp, file, opts);
    } catch (error) {
      if (!(error instanceof BatchError)) throw error; // main reports it, exit 2
      process.stderr.write(error.listing ? `${error.message}\n` : `mcp-code-analysis batch: ${error.message}\n`);
      process.exitCode = EXIT_ERROR;
    }
  });
}
