//! Python: `import a.b, c as d` → one import per module; `from X import a, b` → X with
//! names [a, b]; relative imports keep their dots and their count in `level`.

use crate::node::Src;
use tree_sitter::Node;

use super::line_of;
use crate::node::{children_by_field, field, field_text, named_children, text};
use crate::text::{strip_js_space, utf16_len};
use crate::types::{ImportKind, RawImport};

pub fn extract(nodes: &[Node], src: Src) -> Vec<RawImport> {
    let mut out = Vec::new();
    for &node in nodes {
        if node.kind() == "import_statement" {
            out.extend(plain_imports(node, src));
        } else if let Some(found) = from_import(node, src) {
            out.push(found);
        }
    }
    out
}

fn module_name_of<'a>(node: Node, src: Src<'a>) -> Option<&'a str> {
    match node.kind() {
        "dotted_name" => Some(text(node, src)),
        "aliased_import" => field_text(node, "name", src),
        _ => None,
    }
}

fn plain_imports(node: Node, src: Src) -> Vec<RawImport> {
    let line = line_of(node);
    children_by_field(node, "name")
        .into_iter()
        .filter_map(|n| module_name_of(n, src))
        .map(|s| super::import(s.to_string(), ImportKind::Static, line))
        .collect()
}

fn from_import(node: Node, src: Src) -> Option<RawImport> {
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
        kind: ImportKind::Static,
        line: line_of(node),
        names: Some(names),
        level: (level > 0).then_some(level),
    })
}
