//! JavaScript rules (tree-sitter-javascript 0.25); TypeScript/TSX extend them.

use crate::node::Src;
use tree_sitter::Node;

use crate::metrics::rules::{FunctionInfo, LangRules, Nest};
use crate::node::{
    callee_of, children, field, field_text, members, name_text, qualify, skip_wrappers, text,
    Callee, ANONYMOUS,
};
use crate::types::FunctionKind;

fn function_kind(kind: &str) -> Option<FunctionKind> {
    Some(match kind {
        "function_declaration" | "function_expression" => FunctionKind::Function,
        "generator_function_declaration" | "generator_function" => FunctionKind::Generator,
        "arrow_function" => FunctionKind::Arrow,
        "method_definition" => FunctionKind::Method,
        _ => return None,
    })
}

const CLASS_TYPES: &[&str] = &["class_declaration", "class", "abstract_class_declaration"];

/// Name of a class; an anonymous class expression takes the variable it is assigned to.
fn class_name<'a>(cls: Node, src: Src<'a>) -> Option<&'a str> {
    if let Some(own) = field(cls, "name") {
        return Some(text(own, src));
    }
    let p = cls.parent()?;
    if p.kind() == "variable_declarator" {
        let n = name_text(field(p, "name"), src);
        return (!n.is_empty()).then_some(n);
    }
    None
}

/// `Type` when `node` sits directly in a class body; object literals have no type.
fn class_of<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    let p = skip_wrappers(node, &["class_body"])?;
    if node.parent().map(|x| x.kind()) == Some("class_body") && CLASS_TYPES.contains(&p.kind()) {
        class_name(p, src)
    } else {
        None
    }
}

/// "a function expression, arrow or lambda assigned to a variable, field or property takes that name".
fn assigned_name(func: Node, src: Src) -> String {
    let Some(p) = func.parent() else {
        return String::new();
    };
    match p.kind() {
        "variable_declarator" => match field(p, "name") {
            Some(n) if n.kind() == "identifier" => text(n, src).to_string(),
            _ => String::new(),
        },
        "assignment_expression" => match field(p, "left") {
            Some(l) if l.kind() == "identifier" => text(l, src).to_string(),
            Some(l) if l.kind() == "member_expression" => {
                name_text(field(l, "property"), src).to_string()
            }
            _ => String::new(),
        },
        "pair" => match field(p, "key") {
            // A computed key (`[k]: () => 0`) has no static name.
            Some(k) if k.kind() != "computed_property_name" => name_text(Some(k), src).to_string(),
            _ => String::new(),
        },
        "public_field_definition" | "field_definition" => {
            match field(p, "name").or_else(|| field(p, "property")) {
                Some(k) => qualify(class_of(p, src), name_text(Some(k), src)),
                None => String::new(),
            }
        }
        _ => String::new(),
    }
}

/// `get`/`set`/`*` before a method's name decide its kind; `constructor` in a class is one.
fn method_kind(node: Node, simple: &str, in_class: bool) -> FunctionKind {
    for c in children(node) {
        if c.is_named() {
            break;
        }
        match c.kind() {
            "get" => return FunctionKind::Getter,
            "set" => return FunctionKind::Setter,
            "*" => return FunctionKind::Generator,
            _ => {}
        }
    }
    if in_class && simple == "constructor" {
        FunctionKind::Constructor
    } else {
        FunctionKind::Method
    }
}

/// `this` is a TypeScript type annotation for the receiver, not a parameter.
fn count_params(node: Node) -> u64 {
    if field(node, "parameter").is_some() {
        return 1; // `x => …`
    }
    members(field(node, "parameters"))
        .iter()
        .filter(|c| field(**c, "pattern").map(|p| p.kind()) != Some("this"))
        .count() as u64
}

pub fn describe(node: Node, src: Src) -> Option<FunctionInfo> {
    let base = function_kind(node.kind())?;
    field(node, "body")?;
    let params = count_params(node);
    if node.kind() == "method_definition" {
        let simple = name_text(field(node, "name"), src);
        let cls = class_of(node, src);
        let in_class = node.parent().map(|p| p.kind()) == Some("class_body");
        let self_names = match cls {
            Some(c) => vec!["this".to_string(), c.to_string()],
            None => vec!["this".to_string()],
        };
        return Some(FunctionInfo {
            kind: method_kind(node, simple, in_class),
            name: qualify(cls, simple),
            simple_name: simple.to_string(),
            self_names,
            params,
        });
    }
    let declared = field_text(node, "name", src).unwrap_or("");
    let name = if declared.is_empty() {
        assigned_name(node, src)
    } else {
        declared.to_string()
    };
    let simple_name = if !declared.is_empty() {
        declared.to_string()
    } else {
        name.rsplit('.').next().unwrap_or("").to_string()
    };
    Some(FunctionInfo {
        kind: base,
        name: if name.is_empty() {
            ANONYMOUS.to_string()
        } else {
            name
        },
        simple_name,
        self_names: vec!["this".to_string()],
        params,
    })
}

fn guarded_decisions(kind: &str, _: Node, _: Src) -> Option<bool> {
    // "each case with a test (not default)": `default:` is its own node type, switch_default.
    (kind == "switch_case").then_some(true)
}

pub fn nested_children(kind: &str) -> Nest {
    Nest::List(match kind {
        "if_statement" => &["consequence"],
        "ternary_expression" => &["consequence", "alternative"],
        "switch_statement" | "for_statement" | "for_in_statement" | "while_statement"
        | "do_statement" | "catch_clause" => &["body"],
        _ => return Nest::None,
    })
}

/// A labelled break/continue is +1 flat; a plain one is ignored.
fn jumps(kind: &str, node: Node, _: Src) -> Option<bool> {
    match kind {
        "break_statement" | "continue_statement" => Some(field(node, "label").is_some()),
        _ => None,
    }
}

fn callee<'a>(call: Node, src: Src<'a>) -> Callee<'a> {
    callee_of(
        field(call, "function"),
        src,
        &["property"],
        &["object"],
        &[],
    )
}

/// `export function f…` is one statement: the declaration inside counts, the wrapper does not.
fn guarded_statements(kind: &str, node: Node, _: Src) -> Option<bool> {
    (kind == "export_statement").then(|| field(node, "declaration").is_none())
}

pub const STATEMENTS: &[&str] = &[
    "expression_statement",
    "variable_declaration",
    "lexical_declaration",
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "try_statement",
    "with_statement",
    "break_statement",
    "continue_statement",
    "return_statement",
    "throw_statement",
    "debugger_statement",
    "switch_statement",
    "import_statement",
    "function_declaration",
    "generator_function_declaration",
    "class_declaration",
    "export_statement",
];

pub static RULES: LangRules = rules(STATEMENTS);

/// The JavaScript table with another statement list (TypeScript adds declarations).
pub const fn rules(statements: &'static [&'static str]) -> LangRules {
    LangRules {
        function_types: &[
            "function_declaration",
            "function_expression",
            "generator_function_declaration",
            "generator_function",
            "arrow_function",
            "method_definition",
        ],
        describe,
        yield_types: &[],
        decisions: &[
            "if_statement",
            "for_statement",
            "for_in_statement",
            "while_statement",
            "do_statement",
            "catch_clause",
            "ternary_expression",
        ],
        guarded_decisions,
        logical_types: &["binary_expression"],
        logical_ops: &["&&", "||"],
        // `??`, `&&=`, `||=`, `??=` are cyclomatic decisions but not cognitive.
        cyclomatic_only_ops: &["??", "&&=", "||=", "??="],
        cyclomatic_only_types: &["binary_expression", "augmented_assignment_expression"],
        structural: &[
            "if_statement",
            "ternary_expression",
            "switch_statement",
            "for_statement",
            "for_in_statement",
            "while_statement",
            "do_statement",
            "catch_clause",
        ],
        if_types: &["if_statement"],
        alternative_field: "alternative",
        else_clause: Some("else_clause"),
        elif_clause: None,
        nested_children,
        jumps,
        paren_types: &["parenthesized_expression"],
        call_types: &["call_expression"],
        callee,
        return_types: &["return_statement"],
        statements,
        guarded_statements,
        ignored: &[],
        comments: &["comment", "html_comment"],
        // A string, template string or regex literal is one operand.
        atomic_operands: &["string", "template_string", "regex"],
        named_operators: &[],
    }
}
