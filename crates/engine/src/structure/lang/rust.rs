//! Rust. `exported` = has a visibility modifier. An impl is never exported; trait items and
//! enum variants share their owner's.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::{field, field_text, members, named_children};
use crate::structure::{Ctx, Found};
use crate::types::SymbolKind;

fn item_kind(kind: &str) -> Option<SymbolKind> {
    Some(match kind {
        "function_item" | "function_signature_item" => SymbolKind::Function,
        "struct_item" | "union_item" => SymbolKind::Struct,
        "enum_item" => SymbolKind::Enum,
        "trait_item" => SymbolKind::Trait,
        "impl_item" => SymbolKind::Impl,
        "mod_item" => SymbolKind::Module,
        "type_item" | "associated_type" => SymbolKind::Type,
        "const_item" | "static_item" => SymbolKind::Variable,
        _ => return None,
    })
}

fn is_pub(node: Node) -> bool {
    named_children(node)
        .iter()
        .any(|c| c.kind() == "visibility_modifier")
}

/// `impl Foo` → `Foo`; `impl Display for Foo` → `Display for Foo` (as written).
fn impl_name(node: Node, src: Src) -> String {
    let ty = field_text(node, "type", src).unwrap_or("");
    match field_text(node, "trait", src) {
        Some(t) if !t.is_empty() => format!("{t} for {ty}"),
        _ => ty.to_string(),
    }
}

fn body_members(node: Node, kind: SymbolKind) -> Vec<Node> {
    let Some(body) = field(node, "body") else {
        return Vec::new();
    };
    let all = members(Some(body));
    match kind {
        SymbolKind::Struct => all
            .into_iter()
            .filter(|c| c.kind() == "field_declaration")
            .collect(),
        SymbolKind::Enum => all
            .into_iter()
            .filter(|c| c.kind() == "enum_variant")
            .collect(),
        SymbolKind::Impl | SymbolKind::Trait | SymbolKind::Module => all,
        _ => Vec::new(),
    }
}

fn item<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    let Some(kind0) = item_kind(node.kind()) else {
        return Vec::new();
    };
    let in_type = matches!(ctx.parent_kind, Some(SymbolKind::Impl | SymbolKind::Trait));
    let kind = if in_type && kind0 == SymbolKind::Function {
        SymbolKind::Method
    } else {
        kind0
    };
    let is_impl = node.kind() == "impl_item";
    let name = if is_impl {
        impl_name(node, src)
    } else {
        field_text(node, "name", src).unwrap_or("").to_string()
    };
    let exported = if is_impl {
        false
    } else if ctx.parent_kind == Some(SymbolKind::Trait) {
        ctx.parent_exported
    } else {
        is_pub(node)
    };
    vec![Found {
        node,
        name,
        kind,
        exported,
        members: body_members(node, kind),
    }]
}

pub fn symbols<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    let name = || field_text(node, "name", src).unwrap_or("");
    if ctx.parent_kind == Some(SymbolKind::Struct) && node.kind() == "field_declaration" {
        return vec![Found::leaf(
            node,
            name(),
            SymbolKind::Property,
            is_pub(node),
        )];
    }
    if ctx.parent_kind == Some(SymbolKind::Enum) && node.kind() == "enum_variant" {
        return vec![Found::leaf(
            node,
            name(),
            SymbolKind::Property,
            ctx.parent_exported,
        )];
    }
    item(node, ctx, src)
}
