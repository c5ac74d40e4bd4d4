//! Python: `import a.b, c as d` → one import per module; `from X import a, b` → X with
//! names [a, b]; relative imports keep their dots and their count in `level`;
//! `importlib.import_module("a.b")` with a literal name → `a.b`.
//!
//! The kind says when the import runs (METRICS.md): under `if TYPE_CHECKING:` never at run
//! time (`type`); in the body of a def or lambda when the function is called (`dynamic`);
//! anywhere else, `try`/`if`/`class` blocks included, when the module is imported (`static`).
//! An `import_module` call is `dynamic` wherever it is (`type` under `TYPE_CHECKING`).

use std::collections::HashSet;

use crate::node::Src;
use tree_sitter::Node;

use super::line_of;
use crate::node::{children_by_field, field, field_text, members, named_children, text};
use crate::text::{strip_js_space, utf16_len};
use crate::types::{ImportKind, RawImport};

/// A span of the file whose code does not run at import time: a def or lambda body
/// (`Dynamic`) or the body of `if TYPE_CHECKING:` (`Type`).
struct Region {
    start: usize,
    end: usize,
    kind: ImportKind,
}

/// `nodes` in document order (see `import_types`): the imports, plus the defs, lambdas and
/// ifs that open regions. Regions nest, so the open ones are a stack and one pass over the
/// nodes the metrics walk already collected places every import (no walk up the parents).
pub fn extract(nodes: &[Node], src: Src) -> Vec<RawImport> {
    let loaders = import_module_names(nodes, src);
    let mut regions: Vec<Region> = Vec::new();
    let mut out = Vec::new();
    for &node in nodes {
        let at = node.start_byte();
        while regions.last().is_some_and(|r| r.end <= at) {
            regions.pop();
        }
        let kind = || kind_at(&regions, at);
        match node.kind() {
            "function_definition" | "lambda" => {
                regions.extend(region(field(node, "body"), ImportKind::Dynamic));
            }
            "if_statement" | "elif_clause" => {
                if is_type_checking(field(node, "condition"), src) {
                    regions.extend(region(field(node, "consequence"), ImportKind::Type));
                }
            }
            "import_statement" => out.extend(plain_imports(node, src, kind())),
            "import_from_statement" => out.extend(from_import(node, src, kind())),
            _ => {
                if let Some(specifier) = import_module_call(node, src, &loaders) {
                    // A call names its module at run time: dynamic, unless it never runs.
                    let kind = match kind() {
                        ImportKind::Type => ImportKind::Type,
                        _ => ImportKind::Dynamic,
                    };
                    out.push(super::import(specifier.to_string(), kind, line_of(node)));
                }
            }
        }
    }
    out
}

fn region(body: Option<Node>, kind: ImportKind) -> Option<Region> {
    body.map(|b| Region {
        start: b.start_byte(),
        end: b.end_byte(),
        kind,
    })
}

/// When code at byte `at` runs: `Type` in a `TYPE_CHECKING` body (a def there included),
/// `Dynamic` in a def or lambda body, else `Static`. The open regions all end after `at`;
/// one that starts after it is the body of a def whose parameters hold `at`.
fn kind_at(regions: &[Region], at: usize) -> ImportKind {
    let mut kind = ImportKind::Static;
    for r in regions.iter().filter(|r| r.start <= at) {
        if r.kind == ImportKind::Type {
            return ImportKind::Type;
        }
        kind = r.kind;
    }
    kind
}

/// `TYPE_CHECKING` or `<anything>.TYPE_CHECKING`, as mypy reads it; nothing more complex.
fn is_type_checking(condition: Option<Node>, src: Src) -> bool {
    match condition {
        Some(c) if c.kind() == "identifier" => text(c, src) == "TYPE_CHECKING",
        Some(c) if c.kind() == "attribute" => {
            field_text(c, "attribute", src) == Some("TYPE_CHECKING")
        }
        _ => false,
    }
}

fn module_name_of<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    match node.kind() {
        "dotted_name" => Some(text(node, src)),
        "aliased_import" => field_text(node, "name", src),
        _ => None,
    }
}

fn plain_imports(node: Node, src: Src, kind: ImportKind) -> Vec<RawImport> {
    let line = line_of(node);
    children_by_field(node, "name")
        .into_iter()
        .filter_map(|n| module_name_of(n, src))
        .map(|s| super::import(s.to_string(), kind, line))
        .collect()
}

fn from_import(node: Node, src: Src, kind: ImportKind) -> Option<RawImport> {
    let module = field(node, "module_name")?;
    let mut level = 0;
    if module.kind() == "relative_import" {
        let prefix = named_children(module)
            .into_iter()
            .find(|c| c.kind() == "import_prefix");
        level = prefix.map_or(0, |p| utf16_len(text(p, src)) as u64);
    }
    let specifier = strip_js_space(text(module, src));
    let wildcard = named_children(node)
        .iter()
        .any(|c| c.kind() == "wildcard_import");
    let names: Vec<String> = if wildcard {
        vec!["*".to_string()]
    } else {
        children_by_field(node, "name")
            .into_iter()
            .filter_map(|n| module_name_of(n, src).map(str::to_string))
            .collect()
    };
    Some(RawImport {
        specifier,
        kind,
        line: line_of(node),
        names: Some(names),
        level: (level > 0).then_some(level),
    })
}

/// The local names `from importlib import import_module [as x]` binds anywhere in the file.
fn import_module_names<'a>(nodes: &[Node], src: Src<'a>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    for &node in nodes {
        if node.kind() != "import_from_statement"
            || field(node, "module_name").map(|m| text(m, src)) != Some("importlib")
        {
            continue;
        }
        for n in children_by_field(node, "name") {
            if module_name_of(n, src) != Some("import_module") {
                continue;
            }
            let local = if n.kind() == "aliased_import" {
                field_text(n, "alias", src)
            } else {
                Some(text(n, src))
            };
            names.extend(local);
        }
    }
    names
}

/// `importlib.import_module("a.b")`, or `import_module("a.b")` through a name bound from
/// importlib: the module it names, when the first argument is a plain string literal naming
/// an absolute module.
fn import_module_call<'a>(node: Node, src: Src<'a>, loaders: &HashSet<&str>) -> Option<&'a str> {
    let callee = field(node, "function")?;
    let is_loader = match callee.kind() {
        "identifier" => loaders.contains(text(callee, src)),
        "attribute" => {
            field(callee, "object")
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == "importlib")
                && field_text(callee, "attribute", src) == Some("import_module")
        }
        _ => false,
    };
    let args = field(node, "arguments").filter(|a| a.kind() == "argument_list");
    if !is_loader || args.is_none() {
        return None;
    }
    literal_module_name(*members(args).first()?, src)
}

/// The text of a string literal without prefix letters other than r/u/f, escapes or
/// interpolations, when it is a dotted module name (ASCII identifiers; no leading dot).
fn literal_module_name<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    if node.kind() != "string" {
        return None;
    }
    let parts = named_children(node);
    let [start, content, end] = parts.as_slice() else {
        return None;
    };
    if start.kind() != "string_start"
        || content.kind() != "string_content"
        || end.kind() != "string_end"
    {
        return None;
    }
    let prefix = text(*start, src).trim_end_matches(['"', '\'']);
    if !prefix
        .chars()
        .all(|c| matches!(c, 'r' | 'R' | 'u' | 'U' | 'f' | 'F'))
    {
        return None;
    }
    let name = text(*content, src);
    let identifier = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    name.split('.').all(identifier).then_some(name)
}
