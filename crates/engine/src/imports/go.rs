//! Go: one import per import spec (the path literal, alias dropped); the package clause.

use crate::node::Src;
use tree_sitter::Node;

use super::{import, line_of, unquote, ExtractedImports};
use crate::node::{field, named_children, text};
use crate::types::ImportKind;

pub fn extract(nodes: &[Node], src: Src) -> ExtractedImports {
    let mut imports = Vec::new();
    let mut package_name: Option<String> = None;
    for &node in nodes {
        if node.kind() == "package_clause" {
            if package_name.is_none() {
                package_name = named_children(node)
                    .into_iter()
                    .find(|c| c.kind() == "package_identifier")
                    .map(|c| text(c, src).to_string());
            }
            continue;
        }
        if let Some(path) = field(node, "path") {
            imports.push(import(
                unquote(path, src),
                ImportKind::Static,
                line_of(node),
            ));
        }
    }
    ExtractedImports {
        imports,
        package_name,
    }
}
