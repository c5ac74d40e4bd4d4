//! ERROR and MISSING nodes (src/engine/wasm/parse-errors.ts). Columns count UTF-16 code
//! units, as web-tree-sitter's do, so they are converted from tree-sitter's byte columns.

use tree_sitter::Node;

use crate::node::Src;
use crate::types::{Location, ParseErrors};

pub const MAX_LOCATIONS: usize = 10;

pub fn collect_parse_errors(root: Node, src: Src) -> ParseErrors {
    let mut result = ParseErrors::default();
    if !root.has_error() {
        return result;
    }
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            result.count += 1;
            if result.first.len() < MAX_LOCATIONS {
                let p = node.start_position();
                result.first.push(Location {
                    line: p.row as u64 + 1,
                    column: utf16_column(node, src) as u64 + 1,
                });
            }
        }
        if !node.has_error() {
            continue;
        }
        let kids = crate::node::children(node);
        for c in kids.into_iter().rev() {
            if c.has_error() || c.is_missing() {
                stack.push(c);
            }
        }
    }
    result
}

fn utf16_column(node: Node, src: Src) -> usize {
    let column = node.start_position().column;
    if src.is_utf16() {
        return column / 2; // UTF-16 bytes
    }
    let start = node.start_byte();
    src.text
        .get(start.saturating_sub(column)..start)
        .map_or(column, crate::text::utf16_len)
}
