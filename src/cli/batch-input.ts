import { MAX_BATCH_JOBS } from '../batch/service.js';
import type { BatchJob } from '../batch/types.js';

// The jobs file of `batch`: JSON Lines, one {"tool", "args"} per line, blank lines and
// #-comments skipped. The whole file is checked before anything is submitted, and every
// problem names its line, so a person fixes the file once rather than once per run.

export interface JobLines {
  jobs: BatchJob[];
  /** The 1-based line of each job: jobs[i] came from lines[i]. */
  lines: number[];
}

export interface LineProblem {
  line: number;
  message: string;
}

/** Shown at most: a file of 10,000 broken lines needs the first few to see what is wrong. */
const MAX_PROBLEMS = 20;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One line's job, or why it is not one. */
function jobOf(text: string): BatchJob | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON (${(error as Error).message})`;
  }
  if (!isPlainObject(value)) return 'a job is a JSON object: {"tool": "analyze_complexity", "args": {"path": "src"}}';
  const unknown = Object.keys(value).filter((key) => key !== 'tool' && key !== 'args');
  if (unknown.length > 0) return `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}: a job has "tool" and "args"`;
  if (typeof value.tool !== 'string' || value.tool === '') return '"tool" is missing or not a non-empty string';
  if (value.args !== undefined && !isPlainObject(value.args)) return '"args" is not an object';
  return { tool: value.tool, args: (value.args as Record<string, unknown> | undefined) ?? {} };
}

/** Every job of the file, or its problems in line order. */
export function parseJobLines(text: string): { ok: true; value: JobLines } | { ok: false; problems: LineProblem[] } {
  const jobs: BatchJob[] = [];
  const lines: number[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const job = jobOf(trimmed);
    if (typeof job === 'string') problems.push({ line: i + 1, message: job });
    else {
      jobs.push(job);
      lines.push(i + 1);
    }
  });
  if (problems.length === 0 && jobs.length === 0) problems.push({ line: 0, message: 'no jobs: the file has none' });
  if (problems.length === 0 && jobs.length > MAX_BATCH_JOBS)
    problems.push({
      line: lines[MAX_BATCH_JOBS]!,
      message: `a batch holds at most ${MAX_BATCH_JOBS} jobs; this is job ${MAX_BATCH_JOBS + 1} of ${jobs.length}`,
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { jobs, lines } };
}

/**
 * `file:line: message` (compilers' form, which editors and CI annotate), `file: message` for the
 * whole file; the first MAX_PROBLEMS, then how many more.
 */
export function formatProblems(source: string, problems: readonly LineProblem[]): string {
  const shown = problems
    .slice(0, MAX_PROBLEMS)
    .map((p) => (p.line > 0 ? `${source}:${p.line}: ${p.message}` : `${source}: ${p.message}`));
  if (problems.length > MAX_PROBLEMS) shown.push(`${source}: ${problems.length - MAX_PROBLEMS} more problems`);
  return `${shown.join('\n')}\n`;
}

/**
 * The lines a batch_submit refusal names: details.index (the service's check of each job,
 * whose message starts "Job <index> (<tool>): ") or issue paths jobs.<index>… (the tool's own
 * schema); empty when it names no job.
 */
export function refusalProblems(
  status: { message?: string | undefined; details?: Record<string, unknown> | undefined },
  lines: readonly number[],
): LineProblem[] {
  const details = status.details;
  if (typeof details?.index === 'number' && lines[details.index] !== undefined)
    return [{ line: lines[details.index]!, message: (status.message ?? '').replace(/^Job \d+ \(([^)]*)\): /, '$1: ') }];
  const issues = Array.isArray(details?.issues) ? (details.issues as { path?: unknown; message?: unknown }[]) : [];
  return issues.flatMap((issue) => {
    const m = typeof issue.path === 'string' ? /^jobs\.(\d+)(?:\.(.*))?$/.exec(issue.path) : null;
    const line = m ? lines[Number(m[1])] : undefined;
    return line === undefined ? [] : [{ line, message: `${m![2] ?? 'job'}: ${String(issue.message)}` }];
  });
}
