//! Python. A name is public unless it starts with `_` (dunder names are public); a member
//! is exported when its class is and its own name is public.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::{field, field_text, members, text};
use crate::structure::{Ctx, Found};
use crate::text::utf16_len;
use crate::types::SymbolKind;

fn is_public(name: &str) -> bool {
    !name.starts_with('_')
        || (name.starts_with("__") && name.ends_with("__") && utf16_len(name) > 4)
}

/// Module-level or class-level `x = …`: one symbol per plain name target.
fn assignment<'t>(stmt: Node<'t>, ctx: Ctx, in_class: bool, src: Src) -> Vec<Found<'t>> {
    let Some(a) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
        return Vec::new();
    };
    let names = match field(a, "left") {
        Some(l) if l.kind() == "identifier" => vec![l],
        Some(l) if l.kind() == "pattern_list" => members(Some(l)),
        _ => Vec::new(),
    };
    let kind = if in_class {
        SymbolKind::Property
    } else {
        SymbolKind::Variable
    };
    names
        .into_iter()
        .filter(|n| n.kind() == "identifier")
        .map(|n| {
            let name = text(n, src);
            Found::leaf(stmt, name, kind, ctx.parent_exported && is_public(name))
        })
        .collect()
}

fn definition<'t>(def: Node<'t>, ctx: Ctx, in_class: bool, src: Src) -> Vec<Found<'t>> {
    let name = field_text(def, "name", src).unwrap_or("");
    let exported = ctx.parent_exported && is_public(name);
    match def.kind() {
        "class_definition" => vec![Found {
            node: def,
            name: name.to_string(),
            kind: SymbolKind::Class,
            exported,
            members: members(field(def, "body")),
        }],
        "function_definition" => {
            let kind = match (in_class, name) {
                (false, _) => SymbolKind::Function,
                (true, "__init__") => SymbolKind::Constructor,
                (true, _) => SymbolKind::Method,
            };
            vec![Found::leaf(def, name, kind, exported)]
        }
        _ => Vec::new(),
    }
}

pub fn symbols<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    let in_class = ctx.parent_kind == Some(SymbolKind::Class);
    // Decorators are not part of the declaration's lines or signature.
    let decl = if node.kind() == "decorated_definition" {
        field(node, "definition")
    } else {
        Some(node)
    };
    let Some(decl) = decl else { return Vec::new() };
    if decl.kind() == "expression_statement" {
        return assignment(decl, ctx, in_class, src);
    }
    definition(decl, ctx, in_class, src)
}
