//! ERROR and MISSING nodes (src/engine/wasm/parse-errors.ts). Columns count UTF-16 code
//! units, as web-tree-sitter's do, so they are converted from tree-sitter's byte columns.

use tree_sitter::Node;

use crate::types::{Location, ParseErrors};

pub const MAX_LOCATIONS: usize = 10;

pub fn collect_parse_errors(root: Node, src: &str) -> ParseErrors {
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

fn utf16_column(node: Node, src: &str) -> usize {
    let start = node.start_byte();
    let line_start = start.saturating_sub(node.start_position().column);
    src.get(line_start..start)
        .map_or(node.start_position().column, crate::text::utf16_len)
}
