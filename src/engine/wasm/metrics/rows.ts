// Rows of source offsets, computed in JS instead of asking web-tree-sitter for positions
// (each `startPosition`/`endPosition` is a WASM call plus an allocation).
//
// web-tree-sitter parses a JS string as UTF-16 and reports `startIndex`/`endIndex` in UTF-16
// code units (its binding halves the byte offsets): `node.text` is `source.slice(start, end)`.
// Tree-sitter starts a new row after each '\n' (only '\n': a lone '\r' is a column), so the
// row of an offset is the number of '\n' before it, and a position's column is 0 exactly
// when its offset is the start of a row.

export class Rows {
  /** Offset of the first code unit of each row; row 0 starts at 0. */
  private readonly starts: Int32Array;

  constructor(source: string) {
    let n = 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) n++;
    this.starts = new Int32Array(n);
    let r = 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.starts[r++] = i + 1;
  }

  /** Row of an offset (binary search: the last row starting at or before it). */
  rowOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The last row the span [start, end) really touches: an end at column 0 of a later row does
   * not touch that row.
   */
  lastRow(startRow: number, end: number): number {
    const endRow = this.rowOf(end);
    return endRow > startRow && this.starts[endRow] === end ? endRow - 1 : endRow;
  }

  /** Marks the rows [first, last] of the span [start, end) that exist in `marks`. */
  mark(marks: Uint8Array, start: number, end: number): void {
    const first = this.rowOf(start);
    const last = this.lastRow(first, end);
    for (let r = first; r <= last && r < marks.length; r++) marks[r] = 1;
  }
}
