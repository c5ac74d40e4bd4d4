//! Rust rules (tree-sitter-rust 0.24).

use crate::node::Src;
use tree_sitter::Node;

use crate::metrics::rules::{FunctionInfo, LangRules, Nest};
use crate::node::{
    callee_of, count_named, field, field_text, named_children, qualify, text, Callee, ANONYMOUS,
};
use crate::types::FunctionKind;

/// `Foo`, `Foo<T>`, `&Foo`, `a::Foo` → `Foo` (the implemented type of an impl).
fn type_name<'a>(mut t: Option<Node>, src: Src<'a>) -> Option<&'a str> {
    for _ in 0..6 {
        let cur = t?;
        if matches!(cur.kind(), "type_identifier" | "primitive_type") {
            return Some(text(cur, src));
        }
        t = field(cur, "name").or_else(|| field(cur, "type"));
    }
    None
}

/// `impl Foo` and `impl Trait for Foo` qualify with `Foo`; a trait's provided method with the trait.
fn owner_of<'a>(func: Node, src: Src<'a>) -> Option<&'a str> {
    let item = func
        .parent()
        .filter(|l| l.kind() == "declaration_list")
        .and_then(|l| l.parent())?;
    match item.kind() {
        "impl_item" => type_name(field(item, "type"), src),
        "trait_item" => field_text(item, "name", src),
        _ => None,
    }
}

/// `let f = |x| …` and `f = |x| …` take the name; anything else is anonymous.
fn assigned_name(func: Node, src: Src) -> String {
    let Some(p) = func.parent() else {
        return String::new();
    };
    let name = match p.kind() {
        "let_declaration" => field(p, "pattern")
            .filter(|n| n.kind() == "identifier")
            .map(|n| text(n, src)),
        "assignment_expression" => match field(p, "left") {
            Some(l) if l.kind() == "identifier" => Some(text(l, src)),
            Some(l) if l.kind() == "field_expression" => {
                Some(field_text(l, "field", src).unwrap_or(""))
            }
            _ => None,
        },
        "static_item" | "const_item" => Some(field_text(p, "name", src).unwrap_or("")),
        _ => None,
    };
    name.unwrap_or("").to_string()
}

fn describe(node: Node, src: Src) -> Option<FunctionInfo> {
    field(node, "body")?;
    // `self`, `&self`, `mut self` is the receiver; attributes are not parameters.
    let params = count_named(
        field(node, "parameters"),
        &["self_parameter", "attribute_item"],
    );
    if node.kind() == "closure_expression" {
        let name = assigned_name(node, src);
        let shown = if name.is_empty() {
            ANONYMOUS.to_string()
        } else {
            name.clone()
        };
        return Some(FunctionInfo {
            kind: FunctionKind::Closure,
            name: shown,
            simple_name: name,
            self_names: vec![],
            params,
        });
    }
    let simple = field_text(node, "name", src).unwrap_or("");
    let owner = owner_of(node, src);
    let self_names = owner.map_or(vec![], |o| {
        vec!["self".into(), "Self".into(), o.to_string()]
    });
    Some(FunctionInfo {
        kind: if owner.is_some() {
            FunctionKind::Method
        } else {
            FunctionKind::Function
        },
        name: qualify(owner, simple),
        simple_name: simple.to_string(),
        self_names,
        params,
    })
}

/// A match arm counts unless its pattern is a bare `_` with no guard.
fn guarded_decisions(kind: &str, arm: Node, _: Src) -> Option<bool> {
    if kind != "match_arm" {
        return None;
    }
    let bare = field(arm, "pattern")
        .is_some_and(|p| p.child_count() == 1 && p.child(0).is_some_and(|c| c.kind() == "_"));
    Some(!bare)
}

fn labelled(node: Node) -> bool {
    named_children(node).iter().any(|c| c.kind() == "label")
}

fn jumps(kind: &str, node: Node, _: Src) -> Option<bool> {
    matches!(kind, "break_expression" | "continue_expression").then(|| labelled(node))
}

fn nested_children(kind: &str) -> Nest {
    Nest::List(match kind {
        "if_expression" => &["consequence"],
        "match_expression" | "for_expression" | "while_expression" | "loop_expression" => &["body"],
        _ => return Nest::None,
    })
}

fn callee<'a>(call: Node, src: Src<'a>) -> Callee<'a> {
    callee_of(
        field(call, "function"),
        src,
        &["field", "name"],
        &["value", "path"],
        &["function"],
    )
}

pub static RULES: LangRules = LangRules {
    function_types: &["function_item", "closure_expression"],
    describe,
    yield_types: &[],
    decisions: &["if_expression", "while_expression", "for_expression"],
    guarded_decisions,
    // `&&` inside an `if let … && …` chain is a let_chain token, not a binary_expression.
    logical_types: &["binary_expression", "let_chain"],
    logical_ops: &["&&", "||"],
    cyclomatic_only_ops: &[],
    cyclomatic_only_types: &[],
    structural: &[
        "if_expression",
        "match_expression",
        "for_expression",
        "while_expression",
        "loop_expression",
    ],
    if_types: &["if_expression"],
    alternative_field: "alternative",
    else_clause: Some("else_clause"),
    elif_clause: None,
    nested_children,
    jumps,
    paren_types: &["parenthesized_expression"],
    call_types: &["call_expression"],
    callee,
    return_types: &["return_expression"],
    statements: &[
        "expression_statement",
        "let_declaration",
        "function_item",
        "struct_item",
        "enum_item",
        "union_item",
        "impl_item",
        "trait_item",
        "use_declaration",
        "mod_item",
        "const_item",
        "static_item",
        "type_item",
        "macro_definition",
        "extern_crate_declaration",
        "foreign_mod_item",
        "function_signature_item",
    ],
    guarded_statements: crate::metrics::rules::no_guard,
    ignored: &[],
    comments: &["line_comment", "block_comment"],
    atomic_operands: &[
        "string_literal",
        "raw_string_literal",
        "char_literal",
        "label",
        "lifetime",
    ],
    // `mut` is a keyword that the grammar gives a named node.
    named_operators: &["mutable_specifier"],
};
