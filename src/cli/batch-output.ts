import type { BatchCounts, JobResult } from '../batch/types.js';
import { ERROR_CODES } from '../envelope/catalog.js';

// What `batch` prints: a row per job for people (its line, tool, path, status and a few facts
// of its answer) or its result as one JSON line, then a summary. Rows are written page by page
// as they arrive, so the column widths come from the jobs file, known before any result.

type Data = Record<string, any>;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A few facts of a tool's answer, for one row; the whole answer is in --json. */
function factsOf(tool: string, data: Data): string {
  switch (tool) {
    case 'analyze_complexity': {
      const s = data.summary ?? {};
      const worst = s.topFunctions?.[0];
      const top = worst ? `; worst ${worst.name} (cognitive ${worst.cognitive})` : '';
      return `${plural(s.files, 'file')}, ${plural(s.functions, 'function')}, cognitive sum ${s.cognitiveSum}${top}`;
    }
    case 'analyze_dependencies': {
      const s = data.summary ?? {};
      const graph = [plural(s.files, 'file'), plural(s.edges, 'edge'), plural(s.cycles, 'cycle')];
      return `${graph.join(', ')}, ${s.unresolved} unresolved`;
    }
    case 'analyze_structure':
      return plural(data.total, 'file');
    case 'hotspots': {
      const top = data.files?.[0];
      return `${plural(data.total, 'file')}${top ? `; top ${top.path} (score ${top.score})` : ''}`;
    }
    case 'symbol_at': {
      const inner = data.chain?.at(-1);
      return inner ? `${inner.kind} ${inner.name} (${inner.startLine}-${inner.endLine})` : 'top level';
    }
    case 'quality_gate':
      return `${data.passed ? 'passed' : 'failed'}: ${plural(data.counts?.failing ?? 0, 'failing violation')}`;
    default:
      return typeof data.total === 'number' ? plural(data.total, 'result') : '';
  }
}

function factsOfResult(result: JobResult & { dataOmitted?: boolean }): string {
  if (!result.status.success) return (result.status.message ?? '').split('\n')[0]!;
  if (result.dataOmitted) return '(data left out: larger than one answer may hold)';
  return result.data && typeof result.data === 'object' ? factsOf(result.tool, result.data as Data) : '';
}

const pathOf = (args: Record<string, unknown>) => (typeof args.path === 'string' ? args.path : '-');

export interface RowLayout {
  line: number;
  tool: number;
  path: number;
  code: number;
}

/** Column widths from the jobs themselves and the longest status code there is. */
export function rowLayout(jobs: readonly { tool: string; args: Record<string, unknown> }[], lines: readonly number[]) {
  return {
    line: Math.max(4, String(Math.max(...lines)).length),
    tool: Math.max(4, ...jobs.map((j) => j.tool.length)),
    path: Math.max(4, ...jobs.map((j) => pathOf(j.args).length)),
    code: Math.max(6, ...ERROR_CODES.map((c) => c.length)),
  } satisfies RowLayout;
}

export function headerRow(layout: RowLayout): string {
  return row(layout, ['line', 'tool', 'path', 'status', 'facts']);
}

function row(layout: RowLayout, [line, tool, path, code, facts]: string[]): string {
  const cells = [line!.padStart(layout.line), tool!.padEnd(layout.tool), path!.padEnd(layout.path)];
  return `${[...cells, code!.padEnd(layout.code), facts].join('  ').trimEnd()}\n`;
}

export function resultRow(layout: RowLayout, line: number, result: JobResult): string {
  return row(layout, [String(line), result.tool, pathOf(result.args), result.status.code, factsOfResult(result)]);
}

/** A job's result as a JSON line: batch_status's entry, with the line of the jobs file it came from. */
export function resultJson(line: number, result: JobResult): string {
  return `${JSON.stringify({ line, ...result })}\n`;
}

export interface BatchSummary {
  batchId: string;
  state: string;
  total: number;
  counts: BatchCounts;
}

export function summaryText(s: BatchSummary, remote: boolean): string {
  const { completed, failed, cancelled } = s.counts;
  const batch = remote ? ` (batch ${s.batchId})` : '';
  const outcomes = `${completed} succeeded, ${failed} failed, ${cancelled} cancelled`;
  return `${s.state}: ${plural(s.total, 'job')}, ${outcomes}${batch}\n`;
}
