//! The symbol tree of a file (src/engine/wasm/structure/index.ts). Iterative: an explicit
//! stack of containers, so deeply nested classes cannot overflow the stack.

pub mod lang;

use crate::node::Src;
use tree_sitter::Node;

use crate::lang::Language;
use crate::node::{members, text};
use crate::text::{js_trim, utf16_len, utf16_prefix};
use crate::types::{SymbolInfo, SymbolKind};

/// Where a candidate declaration sits: the enclosing symbol, if any.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub parent_kind: Option<SymbolKind>,
    pub parent_exported: bool,
}

/// One symbol found by a language file, before lines and signature are read off `node`.
pub struct Found<'t> {
    pub node: Node<'t>,
    pub name: String,
    pub kind: SymbolKind,
    pub exported: bool,
    /// Nodes to scan for child symbols; none for leaves.
    pub members: Vec<Node<'t>>,
}

impl<'t> Found<'t> {
    pub fn leaf(node: Node<'t>, name: impl Into<String>, kind: SymbolKind, exported: bool) -> Self {
        Found {
            node,
            name: name.into(),
            kind,
            exported,
            members: Vec::new(),
        }
    }
}

pub type SymbolsFn = for<'t> fn(Node<'t>, Ctx, Src) -> Vec<Found<'t>>;

fn rules(language: Language) -> SymbolsFn {
    match language {
        Language::Typescript | Language::Tsx | Language::Javascript => lang::typescript::symbols,
        Language::Python => lang::python::symbols,
        Language::Go => lang::go::symbols,
        Language::Rust => lang::rust::symbols,
        Language::Java => lang::java::symbols,
    }
}

/// A signature is the declaration's first line, trimmed, capped at 200 UTF-16 code units.
pub const SIGNATURE_MAX: usize = 200;

pub fn signature_of(node: Node, src: Src) -> String {
    let t = text(node, src);
    let first = js_trim(t.split('\n').next().unwrap_or(""));
    if utf16_len(first) > SIGNATURE_MAX {
        utf16_prefix(first, SIGNATURE_MAX).to_string()
    } else {
        first.to_string()
    }
}

/// A symbol while the tree is built: children by index into the arena.
struct Slot {
    info: SymbolInfo,
    children: Vec<usize>,
}

pub fn extract_symbols(root: Node, language: Language, src: Src) -> Vec<SymbolInfo> {
    let symbols = rules(language);
    let mut arena: Vec<Slot> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let root_ctx = Ctx {
        parent_kind: None,
        parent_exported: true,
    };
    // (nodes to scan, owner slot or None for the top level, ctx)
    let mut stack: Vec<(Vec<Node>, Option<usize>, Ctx)> =
        vec![(members(Some(root)), None, root_ctx)];
    while let Some((nodes, owner, ctx)) = stack.pop() {
        for node in nodes {
            for f in symbols(node, ctx, src) {
                let start = f.node.start_position();
                let end = f.node.end_position();
                let end_row = if end.column == 0 && end.row > start.row {
                    end.row - 1
                } else {
                    end.row
                };
                let info = SymbolInfo {
                    name: f.name,
                    kind: f.kind,
                    start_line: start.row as u64 + 1,
                    end_line: end_row as u64 + 1,
                    exported: f.exported,
                    signature: signature_of(f.node, src),
                    children: Vec::new(),
                };
                arena.push(Slot {
                    info,
                    children: Vec::new(),
                });
                let id = arena.len() - 1;
                match owner {
                    Some(o) => arena[o].children.push(id),
                    None => top.push(id),
                }
                if !f.members.is_empty() {
                    let child_ctx = Ctx {
                        parent_kind: Some(f.kind),
                        parent_exported: f.exported,
                    };
                    stack.push((f.members, Some(id), child_ctx));
                }
            }
        }
    }
    assemble(arena, top)
}

/// Turns the arena into nested values, deepest first, without recursion.
fn assemble(arena: Vec<Slot>, top: Vec<usize>) -> Vec<SymbolInfo> {
    let mut done: Vec<Option<SymbolInfo>> = Vec::with_capacity(arena.len());
    let mut kids: Vec<Vec<usize>> = Vec::with_capacity(arena.len());
    for slot in arena {
        done.push(Some(slot.info));
        kids.push(slot.children);
    }
    // Children always have larger ids than their owner, so a reverse pass sees them first.
    for id in (0..done.len()).rev() {
        let children: Vec<SymbolInfo> = kids[id].iter().filter_map(|c| done[*c].take()).collect();
        if let Some(info) = done[id].as_mut() {
            info.children = children;
        }
    }
    top.iter().filter_map(|i| done[*i].take()).collect()
}
