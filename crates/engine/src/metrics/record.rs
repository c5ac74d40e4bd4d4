//! A function during and after the walk (src/engine/wasm/metrics/record.ts).

use super::rules::FunctionInfo;

#[derive(Debug, Clone)]
pub struct FnRecord {
    pub info: FunctionInfo,
    pub start_row: usize,
    pub end_row: usize,
    /// File-wide cognitive nesting level of the function node itself.
    pub level: i64,
    /// Nested in another function: its cognitive is already in the parent's.
    pub nested: bool,
    pub cyclomatic: u64,
    pub cognitive: i64,
    pub exits: u64,
    pub max_nesting: i64,
    pub recursive: bool,
    pub tok_start: usize,
    pub tok_end: usize,
    pub stmt_start: usize,
    pub stmt_end: usize,
}

/// Marks rows [start, end] (an end at column 0 of a later row does not touch that row).
pub fn mark_rows(marks: &mut [bool], start_row: usize, end_row: usize, end_column: usize) {
    let last = last_row(start_row, end_row, end_column);
    let stop = (last + 1).min(marks.len());
    if start_row < stop {
        marks[start_row..stop].fill(true);
    }
}

/// The last row a node really touches.
pub fn last_row(start_row: usize, end_row: usize, end_column: usize) -> usize {
    if end_column == 0 && end_row > start_row {
        end_row - 1
    } else {
        end_row
    }
}
