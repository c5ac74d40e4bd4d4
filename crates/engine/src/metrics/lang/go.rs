//! Go rules (tree-sitter-go 0.25).

use crate::node::Src;
use tree_sitter::Node;

use crate::metrics::rules::{FunctionInfo, LangRules, Nest};
use crate::node::{
    callee_of, children_by_field, field, field_text, members, named_at, named_children,
    named_index, qualify, text, Callee, ANONYMOUS,
};
use crate::types::FunctionKind;

fn receiver_decl(method: Node) -> Option<Node> {
    named_children(field(method, "receiver")?)
        .into_iter()
        .find(|c| c.kind() == "parameter_declaration")
}

/// Receiver type without `*` or type arguments: `func (r *Repo[T]) Get()` → `Repo`.
fn receiver_type<'a>(method: Node, src: Src<'a>) -> Option<&'a str> {
    let mut t = receiver_decl(method).and_then(|d| field(d, "type"));
    for _ in 0..4 {
        let cur = t?;
        if cur.kind() == "type_identifier" {
            return Some(text(cur, src));
        }
        t = field(cur, "type").or_else(|| cur.named_child(0));
    }
    None
}

/// `a, b int` declares two parameters; `func(int, string)` one per unnamed declaration.
fn count_params(list: Option<Node>) -> u64 {
    members(list)
        .iter()
        .map(|c| children_by_field(*c, "name").len().max(1) as u64)
        .sum()
}

/// `f := func…`, `var f = func…`, `f = func…`: the name at the same position on the left.
fn assigned_name(func: Node, src: Src) -> String {
    let Some(list) = func.parent().filter(|l| l.kind() == "expression_list") else {
        return String::new();
    };
    let stmt = list.parent();
    let i = named_index(list, func);
    match stmt.map(|s| s.kind()) {
        Some("short_var_declaration" | "assignment_statement") => {
            match named_at(stmt.and_then(|s| field(s, "left")), i) {
                Some(t) if t.kind() == "identifier" => text(t, src).to_string(),
                Some(t) if t.kind() == "selector_expression" => {
                    field_text(t, "field", src).unwrap_or("").to_string()
                }
                _ => String::new(),
            }
        }
        Some("var_spec" | "const_spec") => {
            let names = children_by_field(stmt.unwrap_or(list), "name");
            i.and_then(|i| names.get(i))
                .map_or(String::new(), |n| text(*n, src).to_string())
        }
        _ => String::new(),
    }
}

fn describe(node: Node, src: Src) -> Option<FunctionInfo> {
    field(node, "body")?;
    let params = count_params(field(node, "parameters"));
    if node.kind() == "func_literal" {
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
    if node.kind() == "method_declaration" {
        // A method calls itself through its receiver variable: `r.Find()` in `func (r *Repo) Find`.
        let recv_name = receiver_decl(node).and_then(|d| field_text(d, "name", src));
        return Some(FunctionInfo {
            kind: FunctionKind::Method,
            name: qualify(receiver_type(node, src), simple),
            simple_name: simple.to_string(),
            self_names: recv_name.map(|n| vec![n.to_string()]).unwrap_or_default(),
            params,
        });
    }
    Some(FunctionInfo {
        kind: FunctionKind::Function,
        name: simple.to_string(),
        simple_name: simple.to_string(),
        self_names: vec![],
        params,
    })
}

fn labelled(node: Node) -> bool {
    named_children(node)
        .iter()
        .any(|c| c.kind() == "label_name")
}

/// `break L`, `continue L` and `goto L` are +1 flat.
fn jumps(kind: &str, node: Node, _: Src) -> Option<bool> {
    match kind {
        "break_statement" | "continue_statement" => Some(labelled(node)),
        "goto_statement" => Some(true),
        _ => None,
    }
}

fn nested_children(kind: &str) -> Nest {
    Nest::List(match kind {
        "if_statement" => &["consequence"],
        "for_statement" => &["body"],
        // Cases are direct children of the switch; their statements are one deeper.
        "expression_switch_statement" => &["expression_case", "default_case"],
        "type_switch_statement" => &["type_case", "default_case"],
        "select_statement" => &["communication_case", "default_case"],
        _ => return Nest::None,
    })
}

fn callee<'a>(call: Node, src: Src<'a>) -> Callee<'a> {
    callee_of(field(call, "function"), src, &["field"], &["operand"], &[])
}

pub static RULES: LangRules = LangRules {
    function_types: &["function_declaration", "method_declaration", "func_literal"],
    describe,
    yield_types: &[],
    decisions: &[
        "if_statement",
        "for_statement",
        "expression_case",
        "type_case",
        "communication_case",
    ],
    guarded_decisions: crate::metrics::rules::no_guard,
    logical_types: &["binary_expression"],
    logical_ops: &["&&", "||"],
    cyclomatic_only_ops: &[],
    cyclomatic_only_types: &[],
    structural: &[
        "if_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "for_statement",
    ],
    if_types: &["if_statement"],
    // No else node: `else { … }` is the block in field `alternative`.
    alternative_field: "alternative",
    else_clause: None,
    elif_clause: None,
    nested_children,
    jumps,
    paren_types: &["parenthesized_expression"],
    call_types: &["call_expression"],
    callee,
    return_types: &["return_statement"],
    statements: &[
        "expression_statement",
        "send_statement",
        "inc_statement",
        "dec_statement",
        "assignment_statement",
        "short_var_declaration",
        "var_declaration",
        "const_declaration",
        "type_declaration",
        "return_statement",
        "go_statement",
        "defer_statement",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "fallthrough_statement",
        "break_statement",
        "continue_statement",
        "goto_statement",
        "function_declaration",
        "method_declaration",
        "import_declaration",
        "package_clause",
    ],
    guarded_statements: crate::metrics::rules::no_guard,
    ignored: &[],
    comments: &["comment"],
    atomic_operands: &[
        "interpreted_string_literal",
        "raw_string_literal",
        "rune_literal",
    ],
    named_operators: &[],
};
