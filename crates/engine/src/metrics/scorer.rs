//! Cyclomatic and cognitive rules applied while the walker moves
//! (src/engine/wasm/metrics/scorer.ts, same order of checks).

use crate::node::Src;
use tree_sitter::{Node, TreeCursor};

use super::record::{last_row, FnRecord};
use super::rules::*;
use crate::types::FunctionKind;

/// Walk state of one node on the current path.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub kind: &'static str,
    pub flags: u32,
    pub named: bool,
    pub level: i64,
    pub nest: Nest,
    pub is_if: bool,
    pub under_if: bool,
    pub else_if: bool,
    pub else_if_child: bool,
    pub logical_ctx: bool,
    pub parent_logical: bool,
    pub suppress_tokens: bool,
    pub func: Option<usize>,
}

pub struct Counters {
    pub tokens: usize,
    pub statements: usize,
}

pub struct Scorer<'r> {
    pub functions: Vec<FnRecord>,
    stack: Vec<usize>,
    rules: &'r LangRules,
    table: &'r KindTable,
}

impl<'r> Scorer<'r> {
    pub fn new(rules: &'r LangRules, table: &'r KindTable) -> Self {
        Scorer {
            functions: Vec::new(),
            stack: Vec::new(),
            rules,
            table,
        }
    }

    pub fn frame_for(&mut self, cursor: &TreeCursor, parent: Option<&Frame>) -> Frame {
        let r = self.rules;
        let node = cursor.node();
        let kind = self.table.name(node);
        let flags = self.table.get(node.kind_id());
        let named = node.is_named();
        // The field name costs a lookup: only a list of nested fields or an `if` needs it.
        let field = match parent {
            Some(p) if p.is_if || matches!(p.nest, Nest::List(_)) => cursor.field_name(),
            _ => None,
        };
        let mut level = parent.map_or(0, |p| p.level);
        let mut else_if = false;
        if let Some(p) = parent {
            let deeper = match p.nest {
                Nest::None => false,
                Nest::All => true,
                Nest::List(list) => {
                    field.is_some_and(|f| list.contains(&f)) || list.contains(&kind)
                }
            };
            if deeper {
                level += 1;
            }
            if p.is_if && field == Some(r.alternative_field) && named {
                if flags & IF != 0 {
                    else_if = true;
                } else if Some(kind) != r.else_clause && Some(kind) != r.elif_clause {
                    // Go and Java have no else node: the alternative itself is the else (+1 flat, nests).
                    self.flat(1);
                    level = p.level + 1;
                }
            } else if p.else_if_child && named && flags & IF != 0 {
                else_if = true;
            }
        }
        let parent_logical = parent.is_some_and(|p| p.logical_ctx);
        Frame {
            kind,
            flags,
            named,
            level,
            nest: if named {
                (r.nested_children)(kind)
            } else {
                Nest::None
            },
            is_if: named && flags & IF != 0,
            under_if: parent.is_some_and(|p| p.is_if),
            else_if,
            else_if_child: false,
            logical_ctx: named && flags & PAREN != 0 && parent_logical,
            parent_logical,
            suppress_tokens: parent.is_some_and(|p| p.suppress_tokens),
            func: None,
        }
    }

    /// Scores one named node.
    pub fn score(&mut self, frame: &mut Frame, node: Node, src: Src, at: &Counters) {
        let r = self.rules;
        let kind = frame.kind;
        let flags = frame.flags;
        if flags & FUNCTION != 0 && self.enter_function(frame, node, src, at) {
            return;
        }
        let owner = self.stack.last().copied();
        if let Some(o) = owner {
            if flags & DECISION != 0 || (r.guarded_decisions)(kind, node, src) == Some(true) {
                self.functions[o].cyclomatic += 1;
            }
        }
        if Some(kind) == r.elif_clause {
            self.flat(1);
        } else if frame.is_if {
            if frame.else_if {
                self.flat(1);
            } else {
                self.structural(frame.level);
            }
        } else if flags & STRUCTURAL != 0 {
            self.structural(frame.level);
        } else if Some(kind) == r.else_clause && frame.under_if {
            self.else_clause(frame, node);
        }
        if (r.jumps)(kind, node, src) == Some(true) {
            self.flat(1);
        }
        if flags & (LOGICAL_TYPE | CYC_ONLY_TYPE) != 0 {
            self.logical(frame, node, owner);
        }
        let Some(o) = owner else { return };
        if flags & RETURN != 0 {
            self.functions[o].exits += 1;
        }
        if flags & CALL != 0 {
            self.call(node, src);
        }
        if flags & YIELD != 0 {
            let f = &mut self.functions[o].info;
            if f.kind == FunctionKind::Function || f.kind == FunctionKind::Method {
                f.kind = FunctionKind::Generator;
            }
        }
    }

    pub fn leave(&mut self, frame: &Frame, at: &Counters) {
        let Some(i) = frame.func else { return };
        self.stack.pop();
        let f = &mut self.functions[i];
        f.tok_end = at.tokens;
        f.stmt_end = at.statements;
        // Recursion is +1 flat once per function, and like every increment of a nested
        // function it also counts for the enclosing ones.
        if f.recursive {
            f.cognitive += 1;
            self.flat(1);
        }
    }

    fn enter_function(&mut self, frame: &mut Frame, node: Node, src: Src, at: &Counters) -> bool {
        let Some(info) = (self.rules.describe)(node, src) else {
            return false;
        };
        let start = node.start_position();
        let end = node.end_position();
        self.functions.push(FnRecord {
            info,
            start_row: start.row,
            end_row: last_row(start.row, end.row, end.column),
            level: frame.level,
            nested: !self.stack.is_empty(),
            cyclomatic: 1,
            cognitive: 0,
            exits: 0,
            max_nesting: 0,
            recursive: false,
            tok_start: at.tokens,
            tok_end: at.tokens,
            stmt_start: at.statements,
            stmt_end: at.statements,
        });
        let i = self.functions.len() - 1;
        self.stack.push(i);
        frame.func = Some(i);
        frame.nest = Nest::All; // nested functions raise the nesting of everything inside them
        true
    }

    /// else: +1 flat and its body one deeper, unless it only wraps an `if` (an else-if).
    fn else_clause(&mut self, frame: &mut Frame, node: Node) {
        let inner = crate::node::members(Some(node)).into_iter().next();
        if inner.is_some_and(|c| self.table.get(c.kind_id()) & IF != 0) {
            frame.else_if_child = true;
            return;
        }
        self.flat(1);
        frame.nest = Nest::All;
    }

    fn logical(&mut self, frame: &mut Frame, node: Node, owner: Option<usize>) {
        let t = self.table;
        let mut decisions = 0;
        let mut logical = false;
        let mut cursor = node.walk();
        for c in node.children(&mut cursor) {
            if c.is_named() {
                continue;
            }
            let cf = t.get(c.kind_id());
            if cf & LOGICAL_OP != 0 && frame.flags & LOGICAL_TYPE != 0 {
                decisions += 1;
                logical = true;
            } else if cf & CYC_ONLY_OP != 0 && frame.flags & CYC_ONLY_TYPE != 0 {
                decisions += 1;
            }
        }
        if let Some(o) = owner {
            self.functions[o].cyclomatic += decisions;
        }
        frame.logical_ctx = logical;
        if logical && !frame.parent_logical {
            let n = count_sequences(node, t);
            self.flat(n);
        }
    }

    /// Recursion: the call names the function itself, bare or through its own receiver.
    fn call(&mut self, node: Node, src: Src) {
        let c = (self.rules.callee)(node, src);
        if c.name.is_empty() {
            return;
        }
        for &i in &self.stack {
            let f = &mut self.functions[i];
            if f.info.simple_name == c.name
                && (c.receiver.is_empty() || f.info.self_names.iter().any(|s| s == c.receiver))
            {
                f.recursive = true;
            }
        }
    }

    /// +1 plus the nesting level, for every enclosing function at its own nesting.
    fn structural(&mut self, level: i64) {
        for &i in &self.stack {
            let f = &mut self.functions[i];
            let n = level - f.level;
            f.cognitive += n;
            if n > f.max_nesting {
                f.max_nesting = n;
            }
        }
    }

    fn flat(&mut self, k: i64) {
        for &i in &self.stack {
            self.functions[i].cognitive += k;
        }
    }
}

fn is_logical(node: Node, t: &KindTable) -> bool {
    if t.get(node.kind_id()) & LOGICAL_TYPE == 0 {
        return false;
    }
    let mut cursor = node.walk();
    let found = node
        .children(&mut cursor)
        .any(|c| !c.is_named() && t.get(c.kind_id()) & LOGICAL_OP != 0);
    found
}

/// Sequences of like logical operators, read in source order through parentheses:
/// `a && b || c` → 2. Iterative.
pub fn count_sequences(root: Node, t: &KindTable) -> i64 {
    let mut stack = vec![root];
    let mut prev: &str = "";
    let mut count = 0;
    while let Some(n) = stack.pop() {
        if !n.is_named() {
            if t.get(n.kind_id()) & LOGICAL_OP != 0 {
                if n.kind() != prev {
                    count += 1;
                }
                prev = n.kind();
            }
            continue;
        }
        if t.get(n.kind_id()) & PAREN == 0 && !is_logical(n, t) {
            continue;
        }
        let kids = crate::node::children(n);
        stack.extend(kids.into_iter().rev());
    }
    count
}
