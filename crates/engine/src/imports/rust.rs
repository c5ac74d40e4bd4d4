//! Rust: `mod x;` → 'mod:x' (inside inline `mod a { mod x; }` → 'mod:a::x'); every leaf
//! of a `use` tree → one path; `extern crate foo;` → 'foo'. A `use` inside an inline
//! module is rewritten relative to the file's own module.

use crate::node::Src;
use tree_sitter::Node;

use super::{import, line_of};
use crate::node::{field, field_text, named_children, text};
use crate::text::strip_js_space;
use crate::types::{ImportKind, RawImport};

pub fn extract(nodes: &[Node], src: Src) -> Vec<RawImport> {
    let mut out = Vec::new();
    for &node in nodes {
        let line = line_of(node);
        match node.kind() {
            "mod_item" => {
                let name = field_text(node, "name", src).filter(|n| !n.is_empty());
                if let (Some(name), None) = (name, field(node, "body")) {
                    let mut path = inline_modules(node, src);
                    path.push(name.to_string());
                    out.push(import(
                        format!("mod:{}", path.join("::")),
                        ImportKind::Static,
                        line,
                    ));
                }
            }
            "extern_crate_declaration" => {
                if let Some(name) =
                    field_text(node, "name", src).filter(|n| !n.is_empty() && *n != "self")
                {
                    out.push(import(name.to_string(), ImportKind::Static, line));
                }
            }
            _ => {
                let inline = inline_modules(node, src);
                for path in use_paths(field(node, "argument"), src) {
                    out.push(import(
                        relative_to_file(path, &inline).join("::"),
                        ImportKind::Static,
                        line,
                    ));
                }
            }
        }
    }
    out
}

/// Names of the inline `mod a { … }` blocks around a node, outermost first.
fn inline_modules(node: Node, src: Src) -> Vec<String> {
    let mut names = Vec::new();
    let mut p = node.parent();
    while let Some(n) = p {
        if n.kind() == "mod_item" {
            if let Some(name) = field_text(n, "name", src).filter(|s| !s.is_empty()) {
                names.push(name.to_string());
            }
        }
        p = n.parent();
    }
    names.reverse();
    names
}

fn segments_of(node: Node, src: Src) -> Vec<String> {
    strip_js_space(text(node, src))
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Expands a use tree into its leaf paths with an explicit stack.
fn use_paths(argument: Option<Node>, src: Src) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut stack: Vec<(Vec<String>, Node)> =
        argument.map(|a| vec![(Vec::new(), a)]).unwrap_or_default();
    while let Some((prefix, node)) = stack.pop() {
        if matches!(node.kind(), "scoped_use_list" | "use_list") {
            let list = if node.kind() == "use_list" {
                Some(node)
            } else {
                field(node, "list")
            };
            let mut next = prefix.clone();
            if let Some(path) = field(node, "path") {
                next.extend(segments_of(path, src));
            }
            let items = list.map(named_children).unwrap_or_default();
            for item in items.into_iter().rev() {
                stack.push((next.clone(), item));
            }
            continue;
        }
        let target = match node.kind() {
            "use_as_clause" => field(node, "path"),
            "use_wildcard" => node.named_child(0),
            _ => Some(node),
        };
        let mut segments = prefix;
        if let Some(t) = target {
            segments.extend(segments_of(t, src));
        }
        segments.retain(|s| s != "*");
        if segments.len() > 1 && segments.last().is_some_and(|s| s == "self") {
            segments.pop();
        }
        if !segments.is_empty() {
            paths.push(segments);
        }
    }
    paths
}

/// Rewrites `self::`/`super::` inside inline modules so they are relative to the file's module.
fn relative_to_file(path: Vec<String>, inline: &[String]) -> Vec<String> {
    if inline.is_empty() {
        return path;
    }
    if path.first().is_some_and(|s| s == "self") {
        return ["self".to_string()]
            .into_iter()
            .chain(inline.iter().cloned())
            .chain(path[1..].iter().cloned())
            .collect();
    }
    let ups = path.iter().take_while(|s| *s == "super").count();
    if ups == 0 {
        return path;
    }
    let rest = &path[ups..];
    if ups <= inline.len() {
        let kept = &inline[..inline.len() - ups];
        return ["self".to_string()]
            .into_iter()
            .chain(kept.iter().cloned())
            .chain(rest.iter().cloned())
            .collect();
    }
    std::iter::repeat_n("super".to_string(), ups - inline.len())
        .chain(rest.iter().cloned())
        .collect()
}
