//! Java rules (tree-sitter-java 0.23.5).

use crate::node::Src;
use tree_sitter::Node;

use crate::metrics::rules::{FunctionInfo, LangRules, Nest};
use crate::node::{
    field, field_text, members, named_children, qualify, skip_wrappers, text, Callee, ANONYMOUS,
};
use crate::types::FunctionKind;

const TYPES: &[&str] = &[
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
];
const BODIES: &[&str] = &[
    "class_body",
    "interface_body",
    "enum_body",
    "enum_body_declarations",
    "annotation_type_body",
];

/// Innermost declared type whose body holds `node`; an anonymous class body gives none.
fn type_of<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    if !node.parent().is_some_and(|p| BODIES.contains(&p.kind())) {
        return None;
    }
    let p = skip_wrappers(node, BODIES)?;
    if TYPES.contains(&p.kind()) {
        field_text(p, "name", src)
    } else {
        None
    }
}

/// `Runnable r = () -> …` (field: `Type.r`), `r = () -> …`.
fn assigned_name(func: Node, src: Src) -> String {
    let Some(p) = func.parent() else {
        return String::new();
    };
    match p.kind() {
        "variable_declarator" => {
            let name = field_text(p, "name", src).unwrap_or("");
            match p.parent() {
                Some(d) if d.kind() == "field_declaration" => qualify(type_of(d, src), name),
                _ => name.to_string(),
            }
        }
        "assignment_expression" => match field(p, "left") {
            Some(l) if l.kind() == "identifier" => text(l, src).to_string(),
            Some(l) if l.kind() == "field_access" => {
                field_text(l, "field", src).unwrap_or("").to_string()
            }
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// Lambda `x -> …` has one parameter; a receiver parameter is none.
fn count_params(node: Node) -> u64 {
    let Some(list) = field(node, "parameters") else {
        return 0;
    };
    if list.kind() == "identifier" {
        return 1;
    }
    members(Some(list))
        .iter()
        .filter(|c| c.kind() != "receiver_parameter")
        .count() as u64
}

fn describe(node: Node, src: Src) -> Option<FunctionInfo> {
    // An abstract or interface method without a body is not a function.
    field(node, "body")?;
    let params = count_params(node);
    if node.kind() == "lambda_expression" {
        let name = assigned_name(node, src);
        let simple_name = name.rsplit('.').next().unwrap_or("").to_string();
        let shown = if name.is_empty() {
            ANONYMOUS.to_string()
        } else {
            name
        };
        return Some(FunctionInfo {
            kind: FunctionKind::Lambda,
            name: shown,
            simple_name,
            self_names: vec![],
            params,
        });
    }
    let simple = field_text(node, "name", src).unwrap_or("");
    let kind = if node.kind() == "method_declaration" {
        FunctionKind::Method
    } else {
        FunctionKind::Constructor
    };
    let ty = type_of(node, src);
    let self_names = match ty {
        Some(t) => vec!["this".to_string(), t.to_string()],
        None => vec!["this".to_string()],
    };
    Some(FunctionInfo {
        kind,
        name: qualify(ty, simple),
        simple_name: simple.to_string(),
        self_names,
        params,
    })
}

/// `case …` labels count, `default` does not.
fn guarded_decisions(kind: &str, label: Node, _: Src) -> Option<bool> {
    (kind == "switch_label").then(|| label.child(0).is_some_and(|c| c.kind() == "case"))
}

fn jumps(kind: &str, node: Node, _: Src) -> Option<bool> {
    matches!(kind, "break_statement" | "continue_statement").then(|| {
        named_children(node)
            .iter()
            .any(|c| c.kind() == "identifier")
    })
}

fn nested_children(kind: &str) -> Nest {
    Nest::List(match kind {
        "if_statement" => &["consequence"],
        "ternary_expression" => &["consequence", "alternative"],
        "switch_expression" => &["body"],
        "for_statement"
        | "enhanced_for_statement"
        | "while_statement"
        | "do_statement"
        | "catch_clause" => &["body"],
        _ => return Nest::None,
    })
}

fn callee<'a>(call: Node, src: Src<'a>) -> Callee<'a> {
    let receiver = match field(call, "object") {
        None => "",
        Some(o) if o.child_count() == 0 => text(o, src),
        Some(_) => "*",
    };
    Callee {
        name: field_text(call, "name", src).unwrap_or(""),
        receiver,
    }
}

/// A switch is a statement only where a statement stands (not `int y = switch …`).
fn guarded_statements(kind: &str, node: Node, _: Src) -> Option<bool> {
    (kind == "switch_expression").then(|| {
        node.parent().is_some_and(|p| {
            matches!(
                p.kind(),
                "block" | "switch_block_statement_group" | "constructor_body" | "labeled_statement"
            )
        })
    })
}

pub static RULES: LangRules = LangRules {
    function_types: &[
        "method_declaration",
        "constructor_declaration",
        "compact_constructor_declaration",
        "lambda_expression",
    ],
    describe,
    yield_types: &[],
    decisions: &[
        "if_statement",
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "catch_clause",
        "ternary_expression",
    ],
    guarded_decisions,
    logical_types: &["binary_expression"],
    logical_ops: &["&&", "||"],
    cyclomatic_only_ops: &[],
    cyclomatic_only_types: &[],
    // switch_expression is both the switch statement and the switch expression in this grammar.
    structural: &[
        "if_statement",
        "ternary_expression",
        "switch_expression",
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "catch_clause",
    ],
    if_types: &["if_statement"],
    alternative_field: "alternative",
    else_clause: None,
    elif_clause: None,
    nested_children,
    jumps,
    paren_types: &["parenthesized_expression"],
    call_types: &["method_invocation"],
    callee,
    return_types: &["return_statement"],
    statements: &[
        "expression_statement",
        "local_variable_declaration",
        "if_statement",
        "for_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "try_statement",
        "try_with_resources_statement",
        "return_statement",
        "break_statement",
        "continue_statement",
        "throw_statement",
        "yield_statement",
        "assert_statement",
        "synchronized_statement",
        "explicit_constructor_invocation",
        "switch_expression",
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
        "method_declaration",
        "constructor_declaration",
        "field_declaration",
        "import_declaration",
        "package_declaration",
    ],
    guarded_statements,
    ignored: &[],
    comments: &["line_comment", "block_comment"],
    atomic_operands: &["string_literal", "text_block"],
    // Keywords that the grammar gives named leaves.
    named_operators: &["void_type", "boolean_type"],
};
