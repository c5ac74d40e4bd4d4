//! Imports as written, before resolution (src/engine/wasm/imports/*.ts).

pub mod go;
pub mod java;
pub mod python;
pub mod rust;
pub mod typescript;

use crate::node::Src;
use tree_sitter::Node;

use crate::lang::Language;
use crate::types::RawImport;

pub struct ExtractedImports {
    pub imports: Vec<RawImport>,
    /// Go: the package clause; Java: the package declaration.
    pub package_name: Option<String>,
}

pub fn extract_imports(root: Node, language: Language, src: Src) -> ExtractedImports {
    let plain = |imports| ExtractedImports {
        imports,
        package_name: None,
    };
    match language {
        Language::Typescript | Language::Tsx | Language::Javascript => {
            plain(typescript::extract(root, src))
        }
        Language::Python => plain(python::extract(root, src)),
        Language::Go => go::extract(root, src),
        Language::Rust => plain(rust::extract(root, src)),
        Language::Java => java::extract(root, src),
    }
}

/// Nodes of the given types under root (root included), in document order, iteratively
/// (`descendantsOfType`).
pub fn find_all<'t>(root: Node<'t>, types: &[&str]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if types.contains(&node.kind()) {
            out.push(node);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

pub fn line_of(node: Node) -> u64 {
    node.start_position().row as u64 + 1
}

/// The contents of a quoted literal without its delimiters (escapes are not decoded).
pub fn unquote(node: Node, src: Src) -> String {
    let t = crate::node::text(node, src);
    let mut chars = t.chars();
    if crate::text::utf16_len(t) < 2 {
        return String::new();
    }
    chars.next();
    chars.next_back();
    chars.as_str().to_string()
}

pub fn has_token(node: Node, token: &str) -> bool {
    crate::node::children(node)
        .iter()
        .any(|c| !c.is_named() && c.kind() == token)
}

pub fn import(specifier: String, kind: crate::types::ImportKind, line: u64) -> RawImport {
    RawImport {
        specifier,
        kind,
        line,
        names: None,
        level: None,
    }
}
