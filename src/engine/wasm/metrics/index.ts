import type { Node } from 'web-tree-sitter';
import type { FileTotals, FunctionMetrics, Language } from '../../types.js';
import { compile } from './compiled.js';
import { halstead, rawVolume } from './halstead.js';
import { rulesFor } from './lang/index.js';
import { LineTable, splitLines } from './loc.js';
import type { FnRecord } from './record.js';
import { round4, safeLn } from './round.js';
import { Rows } from './rows.js';
import { walk } from './walk.js';

export { rulesFor };

/**
 * Per-function metrics and file totals of one parsed file (METRICS.md "Functions",
 * "Cyclomatic", "Cognitive", "Size and other metrics", "File totals").
 * Functions come in source order (by start position).
 */
export function computeMetrics(
  root: Node,
  language: Language,
  source: string,
): { functions: FunctionMetrics[]; totals: FileTotals } {
  const compiled = compile(rulesFor(language), root.tree.language);
  const lines = splitLines(source);
  const result = walk(root, compiled, source, new Rows(source), lines.length);
  const table = new LineTable(lines, result.lines);
  const functions = result.functions.map((f) => toMetrics(f, result, table));
  let cyclomaticSum = 0;
  let cyclomaticMax = 0;
  let cognitiveSum = 0;
  result.functions.forEach((f, i) => {
    const m = functions[i]!;
    cyclomaticSum += m.cyclomatic;
    cyclomaticMax = Math.max(cyclomaticMax, m.cyclomatic);
    // A nested function's increments are already in its enclosing function's cognitive.
    if (!f.nested) cognitiveSum += m.cognitive;
  });
  const totals: FileTotals = {
    functions: functions.length,
    cyclomaticSum,
    cyclomaticMax,
    cognitiveSum,
    loc: { ...table.counts(0, lines.length - 1, result.statements), sloc: lines.length },
  };
  return { functions, totals };
}

function toMetrics(f: FnRecord, w: ReturnType<typeof walk>, table: LineTable): FunctionMetrics {
  const h = halstead(w.tokens, f.tokStart, f.tokEnd);
  const loc = table.counts(f.startRow, f.endRow, f.stmtEnd - f.stmtStart);
  // METRICS.md MI; ln of a volume or sloc below 1 is taken as 0 (see safeLn), so an empty
  // function scores 171 − 0.23·cyclomatic rather than NaN/Infinity. mi itself is the formula
  // (it may go below 0 for huge functions); miNormalized is clamped at 0.
  const mi = 171 - 5.2 * safeLn(rawVolume(h)) - 0.23 * f.cyclomatic - 16.2 * safeLn(loc.sloc);
  return {
    name: f.info.name,
    kind: f.info.kind,
    startLine: f.startRow + 1,
    endLine: f.endRow + 1,
    cyclomatic: f.cyclomatic,
    cognitive: f.cognitive,
    params: f.info.params,
    exits: f.exits,
    maxNesting: f.maxNesting,
    loc,
    halstead: h,
    mi: round4(mi),
    miNormalized: round4(Math.max(0, (mi * 100) / 171)),
  };
}
