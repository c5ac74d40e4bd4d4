import type { FunctionRow } from './complexity-view.js';

// symbol_at's text block: the enclosing chain, then the innermost function's figures.

export interface SymbolAtTextInput {
  path: string;
  language: string;
  line: number;
  chain: { name: string; kind: string; startLine: number; endLine: number; signature: string }[];
  function?: FunctionRow | undefined;
}

export function renderSymbolAtText(d: SymbolAtTextInput): string {
  const lines = [`${d.path}:${d.line} (${d.language})`];
  if (d.chain.length === 0) lines.push('At top level: no enclosing symbol.');
  d.chain.forEach((s, i) =>
    lines.push(`${'  '.repeat(i + 1)}${s.kind} ${s.name} ${s.startLine}-${s.endLine}: ${s.signature}`),
  );
  const f = d.function;
  if (f) {
    lines.push(
      `Innermost function ${f.name} (${f.kind}, ${f.startLine}-${f.endLine}): cyclomatic ${f.cyclomatic}, cognitive ${f.cognitive}, params ${f.params}, nesting ${f.maxNesting}, returns ${f.exits}`,
    );
    if (f.loc)
      lines.push(
        `  lines: sloc ${f.loc.sloc}, ploc ${f.loc.ploc}, lloc ${f.loc.lloc}, cloc ${f.loc.cloc}, blank ${f.loc.blank}`,
      );
    if (f.halstead)
      lines.push(
        `  Halstead: volume ${f.halstead.volume}, difficulty ${f.halstead.difficulty}, effort ${f.halstead.effort}, bugs ${f.halstead.bugs}; maintainability ${f.mi} (${f.miNormalized} of 100)`,
      );
  }
  return lines.join('\n');
}
