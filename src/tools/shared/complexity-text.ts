import type { FileTotals, ParseErrors } from '../../engine/types.js';
import type { TopFunction } from '../../analysis/file-heads.js';
import type { FunctionRow } from './complexity-view.js';
import { pagingText, parseErrorText, skippedText, type SkippedRow } from './text-parts.js';
import { table } from './text-table.js';

// analyze_complexity's text block: the same facts as the structured content at the same
// detail, as a heading and aligned rows a model reads cheaply.

interface FileBlock {
  path: string;
  language: string;
  totals: FileTotals;
  functions?: FunctionRow[] | undefined;
  functionsOmitted?: number | undefined;
  parseErrors?: ParseErrors | undefined;
}

export interface ComplexityTextInput {
  detail: string;
  sortBy: string;
  files: FileBlock[];
  summary: {
    files: number;
    functions: number;
    cyclomaticSum: number;
    cognitiveSum: number;
    lines: number;
    parseErrors: number;
    byLanguage: Record<string, { files: number; functions: number }>;
    topFunctions: TopFunction[];
  };
  skipped: SkippedRow[];
  skippedTotal: number;
  total: number;
  truncated?: string | undefined;
  delta?: { since: string; files: number; functions: number; cyclomaticSum: number; cognitiveSum: number } | undefined;
}

const signed = (n: number) => (n >= 0 ? `+${n}` : String(n));

function headText(d: ComplexityTextInput): string[] {
  const s = d.summary;
  const langs = Object.entries(s.byLanguage).map(([l, v]) => `${l} ${v.files} files/${v.functions} functions`);
  const lines = [
    `Complexity (detail ${d.detail}; files by ${d.sortBy})`,
    `${s.files} files, ${s.functions} functions, ${s.lines} lines; cyclomatic sum ${s.cyclomaticSum}, cognitive sum ${s.cognitiveSum}; ${s.parseErrors} syntax errors`,
  ];
  if (langs.length) lines.push(`By language: ${langs.join(', ')}`);
  if (d.delta) {
    const x = d.delta;
    lines.push(
      `Change since ${x.since}: files ${signed(x.files)}, functions ${signed(x.functions)}, cyclomatic ${signed(x.cyclomaticSum)}, cognitive ${signed(x.cognitiveSum)}`,
    );
  }
  if (s.topFunctions.length) {
    const rows = s.topFunctions.map((f) => [f.cognitive, f.cyclomatic, f.name, `${f.path}:${f.startLine}`]);
    lines.push(
      '',
      `Top functions (by ${d.sortBy === 'path' ? 'cognitive' : d.sortBy}):`,
      table(['cog', 'cyc', 'function', 'location'], rows),
    );
  }
  return lines;
}

function functionRows(fns: FunctionRow[], full: boolean): string {
  const headers = ['cyc', 'cog', 'params', 'nest', 'returns', 'lines'];
  if (full)
    headers.push('sloc', 'ploc', 'lloc', 'cloc', 'blank', 'volume', 'difficulty', 'effort', 'bugs', 'mi', 'mi%');
  headers.push('function');
  const rows = fns.map((f) => {
    const row: (string | number)[] = [
      f.cyclomatic,
      f.cognitive,
      f.params,
      f.maxNesting,
      f.exits,
      `${f.startLine}-${f.endLine}`,
    ];
    if (full && f.loc && f.halstead) {
      const { loc, halstead: h } = f;
      row.push(
        loc.sloc,
        loc.ploc,
        loc.lloc,
        loc.cloc,
        loc.blank,
        h.volume,
        h.difficulty,
        h.effort,
        h.bugs,
        f.mi ?? '',
        f.miNormalized ?? '',
      );
    }
    row.push(`${f.name} (${f.kind})`);
    return row;
  });
  return table(headers, rows, '  ');
}

function fileBlock(f: FileBlock, full: boolean): string[] {
  const t = f.totals;
  const loc = full ? ` (ploc ${t.loc.ploc}, lloc ${t.loc.lloc}, cloc ${t.loc.cloc}, blank ${t.loc.blank})` : '';
  const head = `${f.path} (${f.language}): ${t.functions} functions, cyclomatic ${t.cyclomaticSum} (max ${t.cyclomaticMax}), cognitive ${t.cognitiveSum}, ${t.loc.sloc} lines${loc}${parseErrorText(f.parseErrors)}`;
  const lines = [head];
  if (f.functions?.length) lines.push(functionRows(f.functions, full));
  if (f.functionsOmitted) lines.push(`  (${f.functionsOmitted} more functions not listed)`);
  return lines;
}

export function renderComplexityText(d: ComplexityTextInput): string {
  const lines = headText(d);
  if (d.files.length > 0 && d.detail === 'summary') {
    const rows = d.files.map((f) => [
      f.totals.cognitiveSum,
      f.totals.cyclomaticSum,
      f.totals.cyclomaticMax,
      f.totals.functions,
      f.totals.loc.sloc,
      f.parseErrors?.count ?? 0,
      f.path,
    ]);
    lines.push(
      '',
      `Files (${d.total} listed in all pages):`,
      table(['cog', 'cyc', 'cyc max', 'functions', 'lines', 'errors', 'path'], rows),
    );
  } else if (d.files.length > 0) {
    lines.push('', `Files (${d.total} listed in all pages):`);
    for (const f of d.files) lines.push(...fileBlock(f, d.detail === 'full'));
  }
  lines.push(...skippedText(d.skipped, d.skippedTotal), ...pagingText(d));
  return lines.join('\n');
}
