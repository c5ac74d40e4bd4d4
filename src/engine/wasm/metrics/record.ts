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
