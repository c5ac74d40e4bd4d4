import type { FunctionInfo } from './types.js';

/** A function while and after the walk: raw counts, before Halstead, lines and rounding. */
export interface FnRecord {
  info: FunctionInfo;
  startRow: number;
  endRow: number;
  /** Cognitive nesting level (file-wide) of the function node itself. */
  level: number;
  /** True when the function is nested in another function (its cognitive is in the parent's). */
  nested: boolean;
  cyclomatic: number;
  cognitive: number;
  exits: number;
  maxNesting: number;
  recursive: boolean;
  /** Halstead tokens [tokStart, tokEnd) and statements [stmtStart, stmtEnd) of the file lists. */
  tokStart: number;
  tokEnd: number;
  stmtStart: number;
  stmtEnd: number;
}

/** Tokens of the file in source order, for Halstead: operators keyed by type, operands by text. */
export interface Tokens {
  isOperator: boolean[];
  key: string[];
}

/** Per-line marks for ploc/cloc. */
export interface LineMarks {
  code: Uint8Array;
  comment: Uint8Array;
}

/** Marks rows [startRow, endRow] (an end at column 0 of a later row does not touch that row). */
export function markRows(marks: Uint8Array, startRow: number, endRow: number, endColumn: number): void {
  const last = endColumn === 0 && endRow > startRow ? endRow - 1 : endRow;
  for (let r = startRow; r <= last && r < marks.length; r++) marks[r] = 1;
}

/** The last row a node really touches (see markRows). */
export function lastRow(startRow: number, endRow: number, endColumn: number): number {
  return endColumn === 0 && endRow > startRow ? endRow - 1 : endRow;
}
