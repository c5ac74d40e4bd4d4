//! Line counts with prefix sums (src/engine/wasm/metrics/loc.ts).

use super::walk::LineMarks;
use crate::types::LineCounts;

/// Lines of the source: a trailing newline does not start another line; "" has none.
pub fn split_lines(src: &str) -> Vec<&str> {
    if src.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<&str> = src.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

/// Blank = only ASCII whitespace (space, tab, CR, FF, VT), as the TS regex.
fn is_blank(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | 0x0C | 0x0B))
}

pub struct LineTable {
    ploc: Vec<i64>,
    cloc: Vec<i64>,
    blank: Vec<i64>,
}

impl LineTable {
    pub fn new(lines: &[&str], marks: &LineMarks) -> LineTable {
        let n = lines.len();
        let (mut ploc, mut cloc, mut blank) = (vec![0; n + 1], vec![0; n + 1], vec![0; n + 1]);
        for i in 0..n {
            let b = is_blank(lines[i]);
            blank[i + 1] = blank[i] + i64::from(b);
            ploc[i + 1] = ploc[i] + i64::from(!b && marks.code[i]);
            cloc[i + 1] = cloc[i] + i64::from(!b && marks.comment[i]);
        }
        LineTable { ploc, cloc, blank }
    }

    /// Counts for rows [first, last] (0-based, inclusive), clamped to the file.
    pub fn counts(&self, first: i64, last: i64, lloc: i64) -> LineCounts {
        let n = self.blank.len() as i64 - 1;
        let a = first.min(n).max(0);
        let b = (last + 1).min(n).max(a);
        let (a, b) = (a as usize, b as usize);
        LineCounts {
            sloc: (last - first + 1).max(0),
            ploc: self.ploc[b] - self.ploc[a],
            lloc,
            cloc: self.cloc[b] - self.cloc[a],
            blank: self.blank[b] - self.blank[a],
        }
    }
}
