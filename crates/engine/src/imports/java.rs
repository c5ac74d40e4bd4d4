//! Java: `import a.b.C;` → 'a.b.C' ['C']; `import a.b.*;` → 'a.b.*' ['*']; a static import is
//! reduced to its type: `import static a.b.C.m;` → 'a.b.C' ['C'].

use crate::node::Src;
use tree_sitter::Node;

use super::{has_token, line_of, ExtractedImports};
use crate::node::{named_children, text};
use crate::text::strip_js_space;
use crate::types::{ImportKind, RawImport};

pub fn extract(nodes: &[Node], src: Src) -> ExtractedImports {
    let mut imports = Vec::new();
    let mut package_name: Option<String> = None;
    for &node in nodes {
        let name = named_children(node)
            .into_iter()
            .find(|c| matches!(c.kind(), "scoped_identifier" | "identifier"));
        let Some(name) = name else { continue };
        let dotted = strip_js_space(text(name, src));
        if node.kind() == "package_declaration" {
            package_name.get_or_insert(dotted);
            continue;
        }
        imports.push(import_of(node, dotted));
    }
    ExtractedImports {
        imports,
        package_name,
    }
}

fn last_segment(dotted: &str) -> String {
    dotted.rsplit('.').next().unwrap_or("").to_string()
}

fn import_of(node: Node, dotted: String) -> RawImport {
    let wildcard = named_children(node).iter().any(|c| c.kind() == "asterisk");
    let line = line_of(node);
    let raw = |specifier: String, names: Vec<String>| RawImport {
        specifier,
        kind: ImportKind::Static,
        line,
        names: Some(names),
        level: None,
    };
    if has_token(node, "static") {
        let type_path = if wildcard {
            dotted
        } else {
            dotted[..dotted.rfind('.').unwrap_or(0)].to_string()
        };
        let last = last_segment(&type_path);
        return raw(type_path, vec![last]);
    }
    if wildcard {
        return raw(format!("{dotted}.*"), vec!["*".to_string()]);
    }
    let last = last_segment(&dotted);
    raw(dotted, vec![last])
}
