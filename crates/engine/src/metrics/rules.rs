//! The per-language rule tables (src/engine/wasm/metrics/types.ts `LangRules`). The
//! lang/*.rs files fill them with exactly the node types of lang/*.ts.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::Callee;
use crate::types::FunctionKind;

/// What a language tells the walker about one function-like node.
#[derive(Debug, Clone)]
pub struct FunctionInfo {
    pub kind: FunctionKind,
    pub name: String,
    /// The name a recursive call would use; "" when anonymous.
    pub simple_name: String,
    /// Receivers through which a call is a call to this function itself.
    pub self_names: Vec<String>,
    pub params: u64,
}

/// Which children of a nesting node sit one level deeper: field names or child types, or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nest {
    None,
    All,
    List(&'static [&'static str]),
}

pub type Types = &'static [&'static str];
/// A predicate on a node of a given type; None when the type has no predicate.
pub type Guard = fn(kind: &str, node: Node, src: Src) -> Option<bool>;

pub struct LangRules {
    pub function_types: Types,
    pub describe: fn(Node, Src) -> Option<FunctionInfo>,
    pub yield_types: Types,
    pub decisions: Types,
    pub guarded_decisions: Guard,
    pub logical_types: Types,
    pub logical_ops: Types,
    pub cyclomatic_only_ops: Types,
    pub cyclomatic_only_types: Types,
    pub structural: Types,
    pub if_types: Types,
    pub alternative_field: &'static str,
    pub else_clause: Option<&'static str>,
    pub elif_clause: Option<&'static str>,
    pub nested_children: fn(&str) -> Nest,
    pub jumps: Guard,
    pub paren_types: Types,
    pub call_types: Types,
    pub callee: for<'a> fn(Node, Src<'a>) -> Callee<'a>,
    pub return_types: Types,
    pub statements: Types,
    pub guarded_statements: Guard,
    pub ignored: Types,
    pub comments: Types,
    pub atomic_operands: Types,
    pub named_operators: Types,
}

pub fn no_guard(_: &str, _: Node, _: Src) -> Option<bool> {
    None
}

// Membership bits per node kind id, so the walker's hot path is an array lookup rather
// than string compares.
pub const FUNCTION: u32 = 1;
pub const DECISION: u32 = 1 << 1;
pub const LOGICAL_TYPE: u32 = 1 << 2;
pub const LOGICAL_OP: u32 = 1 << 3;
pub const CYC_ONLY_OP: u32 = 1 << 4;
pub const CYC_ONLY_TYPE: u32 = 1 << 5;
pub const STRUCTURAL: u32 = 1 << 6;
pub const IF: u32 = 1 << 7;
pub const PAREN: u32 = 1 << 8;
pub const CALL: u32 = 1 << 9;
pub const RETURN: u32 = 1 << 10;
pub const STATEMENT: u32 = 1 << 11;
pub const IGNORED: u32 = 1 << 12;
pub const COMMENT: u32 = 1 << 13;
pub const ATOMIC: u32 = 1 << 14;
pub const NAMED_OP: u32 = 1 << 15;
pub const YIELD: u32 = 1 << 16;
pub const CLOSER: u32 = 1 << 17;
pub const BLANK_TYPE: u32 = 1 << 18;
pub const IMPORT: u32 = 1 << 19;

/// Flags for every kind id of a grammar, computed from the kind names.
pub struct KindTable {
    flags: Vec<u32>,
    /// Kind names by id: `Node::kind()` measures and validates the C string on every call.
    names: Vec<&'static str>,
}

impl KindTable {
    pub fn new(grammar: &tree_sitter::Language, r: &LangRules, import_types: Types) -> KindTable {
        let count = grammar.node_kind_count();
        let mut flags = vec![0u32; count + 1];
        let mut names = vec![""; count + 1];
        let sets: [(Types, u32); 18] = [
            (import_types, IMPORT),
            (r.function_types, FUNCTION),
            (r.decisions, DECISION),
            (r.logical_types, LOGICAL_TYPE),
            (r.logical_ops, LOGICAL_OP),
            (r.cyclomatic_only_ops, CYC_ONLY_OP),
            (r.cyclomatic_only_types, CYC_ONLY_TYPE),
            (r.structural, STRUCTURAL),
            (r.if_types, IF),
            (r.paren_types, PAREN),
            (r.call_types, CALL),
            (r.return_types, RETURN),
            (r.statements, STATEMENT),
            (r.ignored, IGNORED),
            (r.comments, COMMENT),
            (r.atomic_operands, ATOMIC),
            (r.named_operators, NAMED_OP),
            (r.yield_types, YIELD),
        ];
        for (id, slot) in flags.iter_mut().enumerate().take(count) {
            let Some(name) = grammar.node_kind_for_id(id as u16) else {
                continue;
            };
            names[id] = name;
            let mut f = 0;
            for (set, bit) in sets {
                if set.contains(&name) {
                    f |= bit;
                }
            }
            if matches!(name, ")" | "]" | "}") {
                f |= CLOSER;
            }
            if crate::text::js_trim(name).is_empty() {
                f |= BLANK_TYPE;
            }
            *slot = f;
        }
        KindTable { flags, names }
    }

    /// The kind name of a node (ERROR and other ids outside the table ask the node).
    #[inline]
    pub fn name(&self, node: tree_sitter::Node) -> &'static str {
        match self.names.get(node.kind_id() as usize) {
            Some(n) if !n.is_empty() => n,
            _ => node.kind(),
        }
    }

    #[inline]
    pub fn get(&self, kind_id: u16) -> u32 {
        self.flags.get(kind_id as usize).copied().unwrap_or(0)
    }
}
