import { pagingText, skippedText, type SkippedRow } from './text-parts.js';
import { table } from './text-table.js';

// analyze_dependencies's text block: counts, cycles as paths to follow, the most coupled
// files, then the page's nodes and edges.

interface NodeRow {
  id: string;
  kind: string;
  fanIn: number;
  fanOut: number;
  instability: number;
}

export interface DepsTextInput {
  detail: string;
  summary: { files: number; nodes: number; edges: number; cycles: number; unresolved: number; orphans: number };
  cycles: string[][];
  cycleDetails: { size: number; path: string[] }[];
  mostDependedOn: NodeRow[];
  mostDependent: NodeRow[];
  nodes: NodeRow[];
  edges: { from: string; to: string; kind: string; line: number }[];
  unresolved: { from: string; specifier: string; line: number }[];
  orphans: string[];
  skipped: SkippedRow[];
  skippedTotal: number;
  total: number;
  truncated?: string | undefined;
  rendering?: string | undefined;
}

const nodeTable = (nodes: NodeRow[]) =>
  table(
    ['in', 'out', 'instability', 'node'],
    nodes.map((n) => [n.fanIn, n.fanOut, n.instability.toFixed(2), n.kind === 'file' ? n.id : `${n.id} (${n.kind})`]),
    '  ',
  );

function cycleLines(d: DepsTextInput): string[] {
  if (d.cycleDetails.length === 0)
    return d.summary.cycles > 0 ? [`Cycles: ${d.summary.cycles} (listed on the first page)`] : ['Cycles: none'];
  const lines = [`Cycles (${d.summary.cycles}; each a shortest real cycle through the tangle):`];
  d.cycleDetails.forEach((c, i) => {
    const more = c.size - (c.path.length - 1);
    lines.push(`  ${i + 1}. ${c.path.join(' → ')}${more > 0 ? ` (+${more} more files in this tangle)` : ''}`);
    const members = d.cycles[i];
    if (members && members.length > c.path.length - 1) lines.push(`     files: ${members.join(', ')}`);
  });
  if (d.cycleDetails.length < d.summary.cycles)
    lines.push(`  (${d.summary.cycles - d.cycleDetails.length} more cycles not listed)`);
  return lines;
}

function overviewLines(d: DepsTextInput): string[] {
  const lines = [...cycleLines(d)];
  if (d.mostDependedOn.length) lines.push('', 'Most depended-on files:', nodeTable(d.mostDependedOn));
  if (d.mostDependent.length) lines.push('', 'Most depending files:', nodeTable(d.mostDependent));
  return lines;
}

export function renderDepsText(d: DepsTextInput): string {
  const s = d.summary;
  const lines = [
    `Dependencies (detail ${d.detail}): ${s.files} files, ${s.nodes} nodes, ${s.edges} edges, ${s.cycles} cycles, ${s.unresolved} unresolved imports, ${s.orphans} orphans`,
  ];
  if (d.cycleDetails.length || d.mostDependedOn.length || d.detail === 'summary') lines.push('', ...overviewLines(d));
  if (d.nodes.length) lines.push('', `Nodes (${d.total} in all pages):`, nodeTable(d.nodes));
  if (d.edges.length)
    lines.push('', 'Edges:', ...d.edges.map((e) => `  ${e.from} → ${e.to} (${e.kind}, line ${e.line})`));
  const paged = d.detail !== 'summary';
  if (d.unresolved.length)
    lines.push(
      '',
      `Unresolved imports${paged ? ' of these nodes' : ` (first ${d.unresolved.length} of ${s.unresolved})`}:`,
      ...d.unresolved.map((u) => `  ${u.from}:${u.line} ${u.specifier}`),
    );
  if (d.orphans.length)
    lines.push(
      '',
      `Orphans${paged ? ' among these nodes' : ` (first ${d.orphans.length} of ${s.orphans})`}: ${d.orphans.join(', ')}`,
    );
  if (d.rendering) lines.push('', 'Rendering of these nodes and their edges:', d.rendering.trimEnd());
  lines.push(...skippedText(d.skipped, d.skippedTotal), ...pagingText(d));
  return lines.join('\n');
}
