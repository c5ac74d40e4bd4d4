import type { LineCounts } from '../../types.js';
import type { LineMarks } from './record.js';

/** Lines of the source: a trailing newline does not start another line; '' has none. */
export function splitLines(source: string): string[] {
  if (source === '') return [];
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// Blank = only ASCII whitespace (space, tab, CR, FF, VT): a portable definition, unlike
// String.prototype.trim, whose Unicode set differs from Rust's str::trim (U+FEFF).
const BLANK = /^[ \t\r\f\v]*$/;

/**
 * Prefix sums over lines, so any function's counts are O(1):
 * blank = whitespace-only line; ploc = non-blank line touched by a code token;
 * cloc = non-blank line touched by a comment (a line can be both). A blank line inside a
 * block comment or a multi-line string is blank, nothing else.
 */
export class LineTable {
  private readonly ploc: Int32Array;
  private readonly cloc: Int32Array;
  private readonly blank: Int32Array;

  constructor(lines: string[], marks: LineMarks) {
    const n = lines.length;
    this.ploc = new Int32Array(n + 1);
    this.cloc = new Int32Array(n + 1);
    this.blank = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const isBlank = BLANK.test(lines[i]!);
      this.blank[i + 1] = this.blank[i]! + (isBlank ? 1 : 0);
      this.ploc[i + 1] = this.ploc[i]! + (!isBlank && marks.code[i] ? 1 : 0);
      this.cloc[i + 1] = this.cloc[i]! + (!isBlank && marks.comment[i] ? 1 : 0);
    }
  }

  /** Counts for rows [first, last] (0-based, inclusive), clamped to the file. */
  counts(first: number, last: number, lloc: number): LineCounts {
    const n = this.blank.length - 1;
    const a = Math.max(0, Math.min(first, n));
    const b = Math.max(a, Math.min(last + 1, n));
    return {
      sloc: Math.max(0, last - first + 1),
      ploc: this.ploc[b]! - this.ploc[a]!,
      lloc,
      cloc: this.cloc[b]! - this.cloc[a]!,
      blank: this.blank[b]! - this.blank[a]!,
    };
  }
}
