import type { TagDefinition } from '../engine/tags.js';
import type { SymbolIndex } from './symbol-index.js';

// A map of a repository that fits a token budget (aider's repo map): the files that matter
// most, each with its most important definitions. Files are ranked by PageRank over the
// graph of resolved references (a file that many files use ranks high), personalised to the
// focus files when given (what they use, and what uses them, ranks higher).

export const CHARS_PER_TOKEN_ESTIMATE = 4;

export interface RankedFile {
  path: string;
  rank: number;
  definitions: { name: string; kind: string; line: number }[];
}

const DAMPING = 0.85;
const ITERATIONS = 30;

/** PageRank of files over reference edges (weighted by count), teleporting to `focus` (or every file). */
export function rankFiles(index: SymbolIndex, focus: readonly string[] = []): Map<string, number> {
  const paths = [...index.allFiles()].map((f) => f.path);
  const at = new Map(paths.map((p, i) => [p, i]));
  const out: Map<number, number>[] = paths.map(() => new Map());
  for (const e of index.fileEdges()) out[at.get(e.from)!]!.set(at.get(e.to)!, e.weight);
  const focused = focus.map((p) => at.get(p)).filter((i): i is number => i !== undefined);
  const teleport = new Float64Array(paths.length);
  if (focused.length > 0) for (const i of focused) teleport[i] = 1 / focused.length;
  else teleport.fill(1 / Math.max(1, paths.length));
  let rank = Float64Array.from(teleport);
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(paths.length);
    let dangling = 0;
    out.forEach((edges, i) => {
      let total = 0;
      for (const w of edges.values()) total += w;
      if (total === 0) return void (dangling += rank[i]!);
      for (const [j, w] of edges) next[j]! += (DAMPING * rank[i]! * w) / total;
    });
    for (let i = 0; i < paths.length; i++) next[i]! += (1 - DAMPING + DAMPING * dangling) * teleport[i]!;
    rank = next;
  }
  return new Map(paths.map((p, i) => [p, rank[i]!]));
}

/** How many references resolve to each definition: a file's most used names come first in the map. */
function usesByDefinition(index: SymbolIndex): Map<TagDefinition, number> {
  const uses = new Map<TagDefinition, number>();
  for (const file of index.allFiles())
    for (const ref of file.references)
      for (const r of index.resolve(file.path, ref))
        if (r.target.path !== file.path) uses.set(r.target.def, (uses.get(r.target.def) ?? 0) + r.confidence);
  return uses;
}

export interface RepoMap {
  text: string;
  files: RankedFile[];
  /** Files left out (below the cut). */
  omitted: number;
  estimatedTokens: number;
}

/** The map as text, best files first, each with up to `perFile` definitions, cut to the budget. */
export function repoMap(
  index: SymbolIndex,
  options: { tokenBudget: number; focus?: readonly string[]; perFile?: number },
): RepoMap {
  const ranks = rankFiles(index, options.focus);
  const uses = usesByDefinition(index);
  const perFile = options.perFile ?? 8;
  const ordered = [...ranks].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const budgetChars = options.tokenBudget * CHARS_PER_TOKEN_ESTIMATE;
  const lines: string[] = [];
  const files: RankedFile[] = [];
  let used = 0;
  for (const [path, rank] of ordered) {
    const defs = [...index.file(path)!.definitions]
      .filter((d) => !d.container || d.exported)
      .sort(
        (a, b) => (uses.get(b) ?? 0) - (uses.get(a) ?? 0) || Number(b.exported) - Number(a.exported) || a.line - b.line,
      )
      .slice(0, perFile)
      .sort((a, b) => a.line - b.line);
    const block = [
      `${path}:`,
      ...defs.map((d) => `  ${d.line}: ${d.kind} ${d.container ? `${d.container}.` : ''}${d.name}`),
    ];
    const size = block.reduce((n, l) => n + l.length + 1, 0);
    if (used + size > budgetChars) break;
    used += size;
    lines.push(...block);
    files.push({
      path,
      rank: Math.round(rank * 1e6) / 1e6,
      definitions: defs.map((d) => ({ name: d.name, kind: d.kind, line: d.line })),
    });
  }
  const text = lines.join('\n');
  return {
    text,
    files,
    omitted: ordered.length - files.length,
    estimatedTokens: Math.ceil(text.length / CHARS_PER_TOKEN_ESTIMATE),
  };
}
