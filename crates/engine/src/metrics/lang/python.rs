//! Python rules (tree-sitter-python 0.25).

use crate::node::Src;
use tree_sitter::Node;

use crate::metrics::rules::{FunctionInfo, LangRules, Nest};
use crate::node::{
    callee_of, field, members, name_text, named_children, qualify, skip_wrappers, text, Callee,
    ANONYMOUS,
};
use crate::types::FunctionKind;

const NOT_PARAMS: &[&str] = &["positional_separator", "keyword_separator"];

/// The class whose body holds `node` directly (through decorators), if any.
fn class_of<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    let p = skip_wrappers(node, &["block", "decorated_definition"])?;
    (p.kind() == "class_definition").then(|| name_text(field(p, "name"), src))
}

/// `self`/`cls` as first parameter of a method is the receiver, not a parameter.
fn is_receiver(param: Node, src: Src) -> bool {
    let id = match param.kind() {
        "identifier" => Some(param),
        "typed_parameter" => param.named_child(0),
        _ => None,
    };
    id.is_some_and(|i| matches!(text(i, src), "self" | "cls"))
}

fn count_params(list: Option<Node>, method: bool, src: Src) -> u64 {
    let mut n = 0;
    let mut first = true;
    for c in members(list) {
        if NOT_PARAMS.contains(&c.kind()) {
            continue;
        }
        if !(first && method && is_receiver(c, src)) {
            n += 1;
        }
        first = false;
    }
    n
}

/// `f = lambda: …` (or `self.f = …`) takes the assigned name; in a class body, `Class.f`.
fn assigned_name(func: Node, src: Src) -> String {
    let Some(p) = func.parent().filter(|p| p.kind() == "assignment") else {
        return String::new();
    };
    match field(p, "left") {
        Some(l) if l.kind() == "identifier" => {
            let cls = p
                .parent()
                .filter(|s| s.kind() == "expression_statement")
                .and_then(|s| class_of(s, src));
            qualify(cls, text(l, src))
        }
        Some(l) if l.kind() == "attribute" => name_text(field(l, "attribute"), src).to_string(),
        _ => String::new(),
    }
}

fn describe(node: Node, src: Src) -> Option<FunctionInfo> {
    if node.kind() == "lambda" {
        let name = assigned_name(node, src);
        let simple_name = name.rsplit('.').next().unwrap_or("").to_string();
        let params = count_params(field(node, "parameters"), false, src);
        let name = if name.is_empty() {
            ANONYMOUS.to_string()
        } else {
            name
        };
        return Some(FunctionInfo {
            kind: FunctionKind::Lambda,
            name,
            simple_name,
            self_names: vec![],
            params,
        });
    }
    let simple = name_text(field(node, "name"), src);
    let cls = class_of(node, src);
    let params = count_params(field(node, "parameters"), cls.is_some(), src);
    // A def directly in a class body is a method; `__init__` is the constructor.
    let kind = match cls {
        None => FunctionKind::Function,
        Some(_) if simple == "__init__" => FunctionKind::Constructor,
        Some(_) => FunctionKind::Method,
    };
    // A method calls itself through its first parameter (`self.f()`, `cls.f()`) or its class.
    let self_names = match cls {
        Some(c) => {
            let first = field(node, "parameters")
                .and_then(|l| {
                    named_children(l)
                        .into_iter()
                        .find(|c| c.kind() == "identifier")
                })
                .map_or("self", |n| text(n, src));
            vec![first.to_string(), c.to_string()]
        }
        None => vec![],
    };
    Some(FunctionInfo {
        kind,
        name: qualify(cls, simple),
        simple_name: simple.to_string(),
        self_names,
        params,
    })
}

/// `case _:` (a bare wildcard, no guard) is the default of a match: not a decision.
fn is_not_bare_wildcard(clause: Node) -> bool {
    let named = named_children(clause);
    let patterns: Vec<Node> = named
        .iter()
        .copied()
        .filter(|c| c.kind() == "case_pattern")
        .collect();
    let guarded = field(clause, "guard").is_some() || named.iter().any(|c| c.kind() == "if_clause");
    if patterns.len() != 1 || guarded {
        return true;
    }
    let p = patterns[0];
    !(p.child_count() == 1 && p.child(0).is_some_and(|c| c.kind() == "_"))
}

fn guarded_decisions(kind: &str, node: Node, _: Src) -> Option<bool> {
    match kind {
        "case_clause" => Some(is_not_bare_wildcard(node)),
        // A case guard (`case x if c:`) is also an if_clause: it is part of its case.
        "if_clause" => Some(node.parent().map(|p| p.kind()) != Some("case_clause")),
        _ => None,
    }
}

fn nested_children(kind: &str) -> Nest {
    Nest::List(match kind {
        "if_statement" | "elif_clause" => &["consequence"],
        // No fields in a conditional expression: all three parts sit one deeper.
        "conditional_expression" => return Nest::All,
        "match_statement" | "for_statement" | "while_statement" => &["body"],
        "except_clause" | "except_group_clause" => &["block"],
        _ => return Nest::None,
    })
}

fn jumps(_: &str, _: Node, _: Src) -> Option<bool> {
    None // Python has no labelled break/continue or goto.
}

fn callee<'a>(call: Node, src: Src<'a>) -> Callee<'a> {
    callee_of(
        field(call, "function"),
        src,
        &["attribute"],
        &["object"],
        &[],
    )
}

pub static RULES: LangRules = LangRules {
    function_types: &["function_definition", "lambda"],
    describe,
    yield_types: &["yield"],
    decisions: &[
        "if_statement",
        "elif_clause",
        "for_statement",
        "while_statement",
        "except_clause",
        "except_group_clause",
        "conditional_expression",
        "for_in_clause",
    ],
    guarded_decisions,
    logical_types: &["boolean_operator"],
    logical_ops: &["and", "or"],
    cyclomatic_only_ops: &[],
    cyclomatic_only_types: &[],
    structural: &[
        "if_statement",
        "conditional_expression",
        "match_statement",
        "for_statement",
        "while_statement",
        "except_clause",
        "except_group_clause",
    ],
    if_types: &["if_statement"],
    alternative_field: "alternative",
    // Only an `else:` of an `if` is the whitepaper's else.
    else_clause: Some("else_clause"),
    elif_clause: Some("elif_clause"),
    nested_children,
    jumps,
    paren_types: &["parenthesized_expression"],
    call_types: &["call"],
    callee,
    return_types: &["return_statement"],
    statements: &[
        "expression_statement",
        "return_statement",
        "pass_statement",
        "break_statement",
        "continue_statement",
        "raise_statement",
        "assert_statement",
        "delete_statement",
        "global_statement",
        "nonlocal_statement",
        "import_statement",
        "import_from_statement",
        "future_import_statement",
        "print_statement",
        "exec_statement",
        "type_alias_statement",
        "if_statement",
        "for_statement",
        "while_statement",
        "try_statement",
        "with_statement",
        "match_statement",
        "function_definition",
        "class_definition",
    ],
    guarded_statements: crate::metrics::rules::no_guard,
    ignored: &["line_continuation"],
    comments: &["comment"],
    atomic_operands: &["string", "concatenated_string"],
    named_operators: &[],
};
