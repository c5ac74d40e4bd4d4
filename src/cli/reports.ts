import type { Envelope } from '../envelope/envelope.js';
import { section, table } from '../tools/shared/text-table.js';

// `analyze`: one report for people over a complexity and a dependency run. The single-tool
// commands print the tools' own text blocks.

type Skipped = { path: string; reason: string; detail?: string }[];

function skippedSection(skipped: Skipped, total: number): string {
  if (total === 0) return '';
  const shown = skipped.slice(0, 20).map((s) => [s.path, s.reason + (s.detail ? ` (${s.detail})` : '')]);
  return section(`Skipped files (${total})`, table(['file', 'reason'], shown));
}

function cyclesSection(deps: any): string {
  const details = deps.cycleDetails as { size: number; path: string[] }[];
  if (deps.summary.cycles === 0) return section('Cycles', 'none');
  const lines = details.slice(0, 10).map((c, i) => {
    const more = c.size - (c.path.length - 1);
    return `${i + 1}. ${c.path.join(' → ')}${more > 0 ? ` (+${more} more files in this tangle)` : ''}`;
  });
  if (deps.summary.cycles > lines.length)
    lines.push(`(${deps.summary.cycles - lines.length} more: mcp-code-analysis deps <path>)`);
  return section(`Cycles (${deps.summary.cycles})`, lines.join('\n'));
}

export function summaryReport(path: string, complexity: Envelope<any>, deps: Envelope<any>): string {
  const c = complexity.data;
  const langs = Object.entries(c.summary.byLanguage as Record<string, { files: number; functions: number }>).map(
    ([l, v]) => [l, v.files, v.functions],
  );
  let out = `mcp-code-analysis report for ${path} (engine ${complexity.metadata.engine ?? '?'}, ${complexity.metadata.durationMs} ms)\n`;
  out += section('Files and functions by language', table(['language', 'files', 'functions'], langs));
  out += `  lines ${c.summary.lines}, cyclomatic sum ${c.summary.cyclomaticSum}, cognitive sum ${c.summary.cognitiveSum}\n`;
  const top = (c.summary.topFunctions as any[]).map((f) => [
    `${f.path}:${f.startLine}`,
    f.name,
    f.cognitive,
    f.cyclomatic,
  ]);
  out += section(
    'Top functions by cognitive complexity',
    top.length ? table(['location', 'function', 'cognitive', 'cyclomatic'], top) : 'none',
  );
  if (deps.status.success) out += cyclesSection(deps.data);
  else out += section('Cycles', `not computed: ${deps.status.message}`);
  const withErrors = (c.files as any[]).filter((f) => f.parseErrors?.count > 0);
  out += section(
    `Files with syntax errors (${c.summary.parseErrors} errors)`,
    withErrors.length
      ? withErrors
          .slice(0, 20)
          .map(
            (f) =>
              `${f.path}: ${f.parseErrors.count} (first at ${f.parseErrors.first[0]?.line}:${f.parseErrors.first[0]?.column})`,
          )
          .join('\n')
      : 'none',
  );
  return out + skippedSection(c.skipped, c.skippedTotal);
}
