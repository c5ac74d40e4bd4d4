import type { FunctionHotspot as FunctionRow } from './hotspot-rank.js';
import { pagingText } from './text-parts.js';
import { table } from './text-table.js';

// hotspots' text block: the window and how the score is made, one row per file, then the
// changed functions of the page's top files.

export interface HotspotTextInput {
  detail: string;
  sortBy: string;
  since: string;
  head: string | null;
  shallow: boolean;
  files: {
    path: string;
    commits: number;
    churn: number;
    authors: number;
    complexity: number;
    score: number;
    functions?: FunctionRow[] | undefined;
    commitsRead?: number | undefined;
  }[];
  summary: {
    commits: number;
    filesChanged: number;
    maxCommits: number;
    maxComplexity: number;
    changedNotAnalysed: number;
  };
  skippedTotal: number;
  total: number;
  truncated?: string | undefined;
}

const score = (x: number) => x.toFixed(4);

function headText(d: HotspotTextInput): string[] {
  const s = d.summary;
  const head = d.head ? `HEAD ${d.head.slice(0, 12)}` : 'no commit yet';
  const lines = [
    `Hotspots since ${d.since} (${head}; detail ${d.detail}; files by ${d.sortBy}): ${s.commits} commits, ${s.filesChanged} analysed files changed`,
    `score = commits/${s.maxCommits} × complexity/${s.maxComplexity} (most commits and highest complexity of a listed file); complexity = cognitive sum of the file today`,
  ];
  if (d.shallow)
    lines.push("Shallow clone: the history stops at the clone's depth, so counts are lower than the project's.");
  return lines;
}

function functionLines(f: HotspotTextInput['files'][number]): string[] {
  if (!f.functions) return [];
  const heading = `${f.path}: functions changed by its last ${f.commitsRead ?? 0} commits`;
  if (f.functions.length === 0)
    return [heading, '  (none: the changes fall outside functions, or their lines are gone today)'];
  const rows = f.functions.map((fn) => [
    score(fn.score),
    fn.commits,
    fn.cognitive,
    `${fn.startLine}-${fn.endLine}`,
    `${fn.name} (${fn.kind})`,
  ]);
  return [heading, table(['score', 'commits', 'cog', 'lines', 'function'], rows, '  ')];
}

export function renderHotspotText(d: HotspotTextInput): string {
  const lines = headText(d);
  if (d.files.length > 0) {
    const rows = d.files.map((f) => [score(f.score), f.commits, f.churn, f.authors, f.complexity, f.path]);
    lines.push(
      '',
      `Files (${d.total} in all pages):`,
      table(['score', 'commits', 'churn', 'authors', 'cog', 'path'], rows),
    );
  } else lines.push('', 'No analysed file changed in this window.');
  const withFunctions = d.files.filter((f) => f.functions);
  if (withFunctions.length > 0) {
    lines.push('', 'Changed functions (a change counts for the functions its lines fall in today):');
    for (const f of withFunctions) lines.push(...functionLines(f));
  }
  const s = d.summary;
  if (s.changedNotAnalysed > 0)
    lines.push(
      '',
      `${s.changedNotAnalysed} changed paths are not analysed files today (deleted, other languages, filtered out).`,
    );
  if (d.skippedTotal > 0)
    lines.push(`${d.skippedTotal} files were skipped by the analysis (binary, too large, unreadable).`);
  lines.push(...pagingText(d));
  return lines.join('\n');
}
