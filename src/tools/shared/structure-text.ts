import type { SymbolNode } from './metric-schemas.js';
import { pagingText, parseErrorText, skippedText, type SkippedRow } from './text-parts.js';

// analyze_structure's text block: one line per file, then its symbols indented by nesting.

export type SymbolView = SymbolNode;

export interface StructureTextInput {
  detail: string;
  files: {
    path: string;
    language: string;
    symbols: SymbolView[];
    symbolsOmitted?: number | undefined;
    parseErrors?: { count: number; first: { line: number; column: number }[] } | undefined;
  }[];
  skipped: SkippedRow[];
  skippedTotal: number;
  total: number;
  truncated?: string | undefined;
}

function symbolLine(s: SymbolView, depth: number): string {
  const inside = s.childrenOmitted ? ` (+${s.childrenOmitted} inside)` : '';
  const signature = s.signature ? `: ${s.signature}` : '';
  return `${'  '.repeat(depth)}${s.kind} ${s.name} ${s.startLine}-${s.endLine}${s.exported ? ' exported' : ''}${inside}${signature}`;
}

function symbolLines(symbols: SymbolView[], out: string[]): void {
  // Iterative: symbol trees can be deep.
  const stack = symbols.map((s) => ({ s, depth: 1 })).reverse();
  while (stack.length > 0) {
    const { s, depth } = stack.pop()!;
    out.push(symbolLine(s, depth));
    for (const c of [...(s.children ?? [])].reverse()) stack.push({ s: c, depth: depth + 1 });
  }
}

export function renderStructureText(d: StructureTextInput): string {
  const lines = [
    `Structure (detail ${d.detail}): ${d.total} file${d.total === 1 ? '' : 's'} in all pages; kind name lines [exported]${d.detail === 'summary' ? '' : ': signature'}`,
  ];
  for (const f of d.files) {
    lines.push('', `${f.path} (${f.language})${parseErrorText(f.parseErrors)}`);
    symbolLines(f.symbols, lines);
    if (f.symbolsOmitted) lines.push(`  (${f.symbolsOmitted} more top-level symbols not listed)`);
  }
  lines.push(...skippedText(d.skipped, d.skippedTotal), ...pagingText(d));
  return lines.join('\n');
}
