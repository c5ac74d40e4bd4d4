import type { Envelope } from '../envelope/envelope.js';
import { section, table } from './format.js';

// One human report per tool, from the tool's envelope data.

type Fn = { name: string; startLine: number; cyclomatic: number; cognitive: number; loc: { sloc: number }; maxNesting: number };
type Skipped = { path: string; reason: string; detail?: string }[];

function skippedSection(skipped: Skipped): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, 20).map((s) => [s.path, s.reason + (s.detail ? ` (${s.detail})` : '')]);
  return section(`Skipped files (${skipped.length})`, table(['file', 'reason'], shown));
}

export function complexityReport(data: any): string {
  const files = data.files as { path: string; functions: Fn[]; totals: { cyclomaticSum: number; cognitiveSum: number } }[];
  const rows = files.flatMap((f) => f.functions.map((fn) => [`${f.path}:${fn.startLine}`, fn.name, fn.cyclomatic, fn.cognitive, fn.maxNesting, fn.loc.sloc]));
  let out = table(['location', 'function', 'cyclo', 'cogn', 'nest', 'lines'], rows);
  out += `\n\n${data.summary.files} files, ${data.summary.functions} functions, cyclomatic ${data.summary.cyclomaticSum}, cognitive ${data.summary.cognitiveSum}`;
  if (data.nextCursor) out += `\n(${data.total} files in all; raise --limit to see more)`;
  return out + skippedSection(data.skipped);
}

type Sym = { name: string; kind: string; startLine: number; endLine: number; exported: boolean; children: Sym[] };

export function structureReport(data: any): string {
  const lines: string[] = [];
  for (const file of data.files as { path: string; symbols: Sym[] }[]) {
    lines.push(file.path);
    const stack: { s: Sym; depth: number }[] = file.symbols.map((s) => ({ s, depth: 1 })).reverse();
    while (stack.length) {
      const { s, depth } = stack.pop()!;
      lines.push(`${'  '.repeat(depth)}${s.kind} ${s.name}${s.exported ? ' (exported)' : ''}  ${s.startLine}-${s.endLine}`);
      stack.push(...s.children.map((c) => ({ s: c, depth: depth + 1 })).reverse());
    }
  }
  return lines.join('\n') + skippedSection(data.skipped);
}

export function depsReport(data: any): string {
  if (data.rendering) return data.rendering as string;
  const nodes = [...data.nodes].filter((n: any) => n.kind === 'file').sort((a: any, b: any) => b.fanIn - a.fanIn).slice(0, 20);
  let out = section('Most depended-on files', table(['file', 'fan-in', 'fan-out', 'instability'], nodes.map((n: any) => [n.id, n.fanIn, n.fanOut, n.instability.toFixed(2)])));
  out += cyclesSection(data.cycles);
  if (data.unresolved.length) out += section(`Unresolved imports (${data.unresolved.length})`, table(['file', 'line', 'specifier'], data.unresolved.slice(0, 20).map((u: any) => [u.from, u.line, u.specifier])));
  out += `\n${data.summary.files} files, ${data.summary.edges} edges, ${data.summary.cycles} cycles, ${data.orphans.length} orphans`;
  return out + skippedSection(data.skipped);
}

function cyclesSection(cycles: string[][]): string {
  if (cycles.length === 0) return section('Cycles', 'none');
  return section(`Cycles (${cycles.length})`, cycles.slice(0, 10).map((c, i) => `${i + 1}. ${c.join(' → ')}`).join('\n'));
}

/** `analyze`: the summary report over a complexity and a dependency run. */
export function summaryReport(path: string, complexity: Envelope<any>, deps: Envelope<any>): string {
  const c = complexity.data;
  const langs = Object.entries(c.summary.byLanguage as Record<string, { files: number; functions: number }>).map(([l, v]) => [l, v.files, v.functions]);
  let out = `mcp-code-analysis report for ${path} (engine ${complexity.metadata.engine ?? '?'}, ${complexity.metadata.durationMs} ms)\n`;
  out += section('Files and functions by language', table(['language', 'files', 'functions'], langs));
  out += `  lines ${c.summary.lines}, cyclomatic sum ${c.summary.cyclomaticSum}, cognitive sum ${c.summary.cognitiveSum}\n`;
  const top = (c.summary.topFunctions as any[]).map((f) => [`${f.path}:${f.startLine}`, f.name, f.cognitive, f.cyclomatic]);
  out += section('Top functions by cognitive complexity', top.length ? table(['location', 'function', 'cognitive', 'cyclomatic'], top) : 'none');
  if (deps.status.success) out += cyclesSection(deps.data.cycles);
  else out += section('Cycles', `not computed: ${deps.status.message}`);
  const withErrors = (c.files as any[]).filter((f) => f.parseErrors?.count > 0);
  out += section(`Files with syntax errors (${c.summary.parseErrors} errors)`, withErrors.length ? withErrors.slice(0, 20).map((f) => `${f.path}: ${f.parseErrors.count} (first at ${f.parseErrors.first[0]?.line}:${f.parseErrors.first[0]?.column})`).join('\n') : 'none');
  return out + skippedSection(c.skipped);
}
