//! TS/JS imports: static, reexport, type (`import type` or every binding type-only),
//! `require("x")` and `import("x")` with a plain string literal (dynamic).

use crate::node::Src;
use tree_sitter::Node;

use super::{has_token, import, line_of, unquote};
use crate::node::{field, named_children, text};
use crate::types::{ImportKind, RawImport};

pub fn extract(nodes: &[Node], src: Src) -> Vec<RawImport> {
    nodes
        .iter()
        .copied()
        .filter_map(|n| {
            if n.kind() == "call_expression" {
                from_call(n, src)
            } else {
                from_statement(n, src)
            }
        })
        .collect()
}

fn from_statement(node: Node, src: Src) -> Option<RawImport> {
    let require_clause = named_children(node)
        .into_iter()
        .find(|c| c.kind() == "import_require_clause");
    // `import fs = require("fs")` is TypeScript's CommonJS import: a static import.
    let source =
        field(node, "source").or_else(|| require_clause.and_then(|c| field(c, "source")))?;
    if source.kind() != "string" {
        return None;
    }
    let specifier = unquote(source, src);
    let line = line_of(node);
    if node.kind() == "export_statement" {
        let typed = has_token(node, "type")
            || all_bindings_type_only(node, "export_clause", "export_specifier");
        return Some(import(
            specifier,
            if typed {
                ImportKind::Type
            } else {
                ImportKind::Reexport
            },
            line,
        ));
    }
    let typed = has_token(node, "type")
        || all_bindings_type_only(node, "import_clause", "import_specifier");
    Some(import(
        specifier,
        if typed {
            ImportKind::Type
        } else {
            ImportKind::Static
        },
        line,
    ))
}

/// True when the statement binds names and every binding is marked `type`.
fn all_bindings_type_only(node: Node, clause_type: &str, specifier_type: &str) -> bool {
    let Some(clause) = named_children(node)
        .into_iter()
        .find(|c| c.kind() == clause_type)
    else {
        return false;
    };
    let mut specifiers = Vec::new();
    for part in named_children(clause) {
        if part.kind() == specifier_type {
            specifiers.push(part);
        } else if part.kind() == "named_imports" {
            specifiers.extend(
                named_children(part)
                    .into_iter()
                    .filter(|s| s.kind() == specifier_type),
            );
        } else {
            return false; // default or namespace binding
        }
    }
    !specifiers.is_empty() && specifiers.iter().all(|s| has_token(*s, "type"))
}

fn from_call(node: Node, src: Src) -> Option<RawImport> {
    let func = field(node, "function")?;
    let is_require = func.kind() == "identifier" && text(func, src) == "require";
    if !is_require && func.kind() != "import" {
        return None;
    }
    let args = field(node, "arguments")
        .map(named_children)
        .unwrap_or_default();
    let first = *args.first()?;
    if first.kind() != "string" {
        return None;
    }
    // `require(x, …)` with extra arguments is not Node's require; `import(x, opts)` still is.
    if is_require && args.len() != 1 {
        return None;
    }
    Some(import(
        unquote(first, src),
        ImportKind::Dynamic,
        line_of(node),
    ))
}
