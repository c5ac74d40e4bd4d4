//! TS/JS imports: static, reexport, type (`import type` or every binding type-only),
//! `import("x")` with a plain string literal (dynamic: it never runs a module while the
//! importer is evaluated), and `require("x")`, whose kind says when it runs (METRICS.md):
//! in a function's parameters or body, or in an instance field's initializer, when the
//! function is called or the object built (`dynamic`); anywhere else, blocks, `if`, `try`,
//! static fields and static blocks of a module-level class included, when the module is
//! imported (`static`). Same rules, same order as src/engine/wasm/imports/typescript.ts.

use crate::node::Src;
use tree_sitter::Node;

use super::{has_token, import, line_of, unquote};
use crate::node::{field, named_children, text};
use crate::types::{ImportKind, RawImport};

/// A span of the file that runs later than the module's evaluation: a function's parameters
/// and body, or an instance field's initializer.
struct Region {
    start: usize,
    end: usize,
}

/// `nodes` in document order (see `import_types`): the imports and calls, plus the functions
/// and class fields that open regions. Regions nest, so the open ones are a stack and one
/// pass places every require (no walk up the parents).
pub fn extract(nodes: &[Node], src: Src) -> Vec<RawImport> {
    let mut regions: Vec<Region> = Vec::new();
    let mut out = Vec::new();
    for &node in nodes {
        let at = node.start_byte();
        while regions.last().is_some_and(|r| r.end <= at) {
            regions.pop();
        }
        match node.kind() {
            "import_statement" | "export_statement" => out.extend(from_statement(node, src)),
            "call_expression" => {
                // A region starting after `at` is a method whose computed name holds `at`.
                let deferred = regions.iter().any(|r| r.start <= at);
                out.extend(from_call(node, src, deferred));
            }
            "field_definition" | "public_field_definition" => {
                // A static field runs with its class; an instance field when an object is built.
                if !has_token(node, "static") {
                    regions.extend(field(node, "value").map(|v| Region {
                        start: v.start_byte(),
                        end: v.end_byte(),
                    }));
                }
            }
            _ => regions.extend(function_region(node)),
        }
    }
    out
}

/// Parameters (their default values run at each call) through the body.
fn function_region(node: Node) -> Option<Region> {
    let body = field(node, "body")?;
    let first = field(node, "parameters")
        .or_else(|| field(node, "parameter"))
        .unwrap_or(body);
    Some(Region {
        start: first.start_byte(),
        end: body.end_byte(),
    })
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

/// `deferred`: the call runs later than the module's evaluation (in a function or an instance
/// field), which makes a `require` dynamic; `import()` is dynamic anywhere.
fn from_call(node: Node, src: Src, deferred: bool) -> Option<RawImport> {
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
    let kind = if is_require && !deferred {
        ImportKind::Static
    } else {
        ImportKind::Dynamic
    };
    Some(import(unquote(first, src), kind, line_of(node)))
}
