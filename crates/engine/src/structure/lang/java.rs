//! Java. `exported` = declared `public`; members of an interface are implicitly public
//! unless `private`; enum constants share their enum's.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::{children, children_by_field, field, field_text, members, named_children};
use crate::structure::{Ctx, Found};
use crate::types::SymbolKind;

fn type_kind(kind: &str) -> Option<SymbolKind> {
    Some(match kind {
        "class_declaration" | "record_declaration" => SymbolKind::Class,
        "interface_declaration" | "annotation_type_declaration" => SymbolKind::Interface,
        "enum_declaration" => SymbolKind::Enum,
        _ => return None,
    })
}

fn has_modifier(node: Node, modifier: &str) -> bool {
    named_children(node)
        .into_iter()
        .find(|c| c.kind() == "modifiers")
        .is_some_and(|m| children(m).iter().any(|c| c.kind() == modifier))
}

fn is_exported(node: Node, ctx: Ctx) -> bool {
    if has_modifier(node, "public") {
        return true;
    }
    ctx.parent_kind == Some(SymbolKind::Interface) && !has_modifier(node, "private")
}

/// Members of a type body; an enum's methods sit in enum_body_declarations.
fn body_members(decl: Node) -> Vec<Node> {
    let mut out = Vec::new();
    for c in members(field(decl, "body")) {
        if c.kind() == "enum_body_declarations" {
            out.extend(members(Some(c)));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn symbols<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    let name = field_text(node, "name", src).unwrap_or("");
    if let Some(kind) = type_kind(node.kind()) {
        let exported = is_exported(node, ctx);
        return vec![Found {
            node,
            name: name.to_string(),
            kind,
            exported,
            members: body_members(node),
        }];
    }
    if ctx.parent_kind.is_none() {
        return Vec::new();
    }
    match node.kind() {
        "method_declaration" | "annotation_type_element_declaration" => {
            vec![Found::leaf(
                node,
                name,
                SymbolKind::Method,
                is_exported(node, ctx),
            )]
        }
        "constructor_declaration" | "compact_constructor_declaration" => {
            vec![Found::leaf(
                node,
                name,
                SymbolKind::Constructor,
                is_exported(node, ctx),
            )]
        }
        "enum_constant" => vec![Found::leaf(
            node,
            name,
            SymbolKind::Property,
            ctx.parent_exported,
        )],
        "field_declaration" | "constant_declaration" => {
            let exported = is_exported(node, ctx);
            children_by_field(node, "declarator")
                .into_iter()
                .map(|d| {
                    Found::leaf(
                        node,
                        field_text(d, "name", src).unwrap_or(""),
                        SymbolKind::Property,
                        exported,
                    )
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
