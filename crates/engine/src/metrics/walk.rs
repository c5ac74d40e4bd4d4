//! One iterative pre-order pass with a TreeCursor (src/engine/wasm/metrics/walk.ts): no
//! recursion, so 10,000 nested blocks cannot overflow the stack.

use crate::node::Src;
use tree_sitter::{Node, TreeCursor};

use super::record::{mark_rows, FnRecord};
use super::rules::*;
use super::scorer::{Counters, Frame, Scorer};

/// Halstead tokens in source order: (is operator, key). Operators are keyed by node type,
/// operands by text.
pub type Tokens<'a> = Vec<(bool, &'a str)>;

pub struct LineMarks {
    pub code: Vec<bool>,
    pub comment: Vec<bool>,
}

pub struct WalkResult<'a, 't> {
    pub functions: Vec<FnRecord>,
    pub tokens: Tokens<'a>,
    pub lines: LineMarks,
    pub statements: usize,
    /// Nodes of the language's import types, in document order.
    pub import_nodes: Vec<Node<'t>>,
}

struct Walker<'a, 'r, 't> {
    src: Src<'a>,
    rules: &'r LangRules,
    scorer: Scorer<'r>,
    frames: Vec<Frame>,
    tokens: Tokens<'a>,
    lines: LineMarks,
    statements: usize,
    import_nodes: Vec<Node<'t>>,
}

pub fn walk<'a, 't>(
    root: Node<'t>,
    src: Src<'a>,
    rules: &LangRules,
    table: &KindTable,
    line_count: usize,
) -> WalkResult<'a, 't> {
    let mut w = Walker {
        src,
        rules,
        scorer: Scorer::new(rules, table),
        frames: Vec::new(),
        tokens: Vec::new(),
        lines: LineMarks {
            code: vec![false; line_count],
            comment: vec![false; line_count],
        },
        statements: 0,
        import_nodes: Vec::new(),
    };
    let mut cursor = root.walk();
    traverse(&mut cursor, &mut w);
    WalkResult {
        functions: w.scorer.functions,
        tokens: w.tokens,
        lines: w.lines,
        statements: w.statements,
        import_nodes: w.import_nodes,
    }
}

fn mark(marks: &mut [bool], node: Node) {
    let (s, e) = (node.start_position(), node.end_position());
    mark_rows(marks, s.row, e.row, e.column);
}

impl<'a, 't> Walker<'a, '_, 't> {
    fn counters(&self) -> Counters {
        Counters {
            tokens: self.tokens.len(),
            statements: self.statements,
        }
    }

    fn enter(&mut self, cursor: &TreeCursor<'t>, depth: usize) -> bool {
        let parent = if depth > 0 {
            self.frames.get(depth - 1).copied()
        } else {
            None
        };
        let mut frame = self.scorer.frame_for(cursor, parent.as_ref());
        self.frames.truncate(depth);
        let node = cursor.node();
        let flags = frame.flags;
        if flags & IMPORT != 0 {
            self.import_nodes.push(node);
        }
        if flags & IGNORED != 0 {
            self.frames.push(frame);
            return false;
        }
        if flags & COMMENT != 0 {
            mark(&mut self.lines.comment, node);
            self.frames.push(frame);
            return false;
        }
        if !frame.named {
            self.frames.push(frame);
            return true;
        }
        if flags & STATEMENT != 0
            && (self.rules.guarded_statements)(frame.kind, node, self.src).unwrap_or(true)
        {
            self.statements += 1;
        }
        if flags & ATOMIC != 0 && !frame.suppress_tokens {
            frame.suppress_tokens = true;
            self.tokens.push((false, crate::node::text(node, self.src)));
            mark(&mut self.lines.code, node);
        }
        let at = self.counters();
        self.scorer.score(&mut frame, node, self.src, &at);
        self.frames.push(frame);
        true
    }

    fn leaf(&mut self, cursor: &TreeCursor, depth: usize) {
        let frame = self.frames[depth];
        let node = cursor.node();
        if node.start_byte() == node.end_byte() || frame.flags & COMMENT != 0 {
            return;
        }
        mark(&mut self.lines.code, node);
        if frame.suppress_tokens {
            return;
        }
        if frame.named {
            let op = frame.flags & NAMED_OP != 0;
            let key = if op {
                frame.kind
            } else {
                crate::node::text(node, self.src)
            };
            self.tokens.push((op, key));
        } else if frame.flags & (CLOSER | BLANK_TYPE) == 0 {
            self.tokens.push((true, frame.kind));
        }
    }

    fn leave(&mut self, depth: usize) {
        let frame = self.frames[depth];
        let at = self.counters();
        self.scorer.leave(&frame, &at);
    }
}

/// Pre-order traversal; `enter` says whether to descend; `leaf` runs on childless nodes.
fn traverse<'t>(cursor: &mut TreeCursor<'t>, w: &mut Walker<'_, '_, 't>) {
    let mut depth = 0;
    let mut descend = w.enter(cursor, 0);
    loop {
        if descend {
            if cursor.goto_first_child() {
                depth += 1;
                descend = w.enter(cursor, depth);
                continue;
            }
            w.leaf(cursor, depth);
        }
        loop {
            w.leave(depth);
            if depth == 0 {
                return;
            }
            if cursor.goto_next_sibling() {
                descend = w.enter(cursor, depth);
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}
