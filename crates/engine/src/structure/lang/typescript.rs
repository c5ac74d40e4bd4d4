//! TypeScript, TSX and JavaScript. `exported` = declared with `export` at the top level /
//! inside an exported namespace; a member is exported when its owner is and it is not private.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::{field, members, name_text, named_children, text};
use crate::structure::{Ctx, Found};
use crate::types::SymbolKind;

const FUNCTION_VALUES: &[&str] = &[
    "arrow_function",
    "function_expression",
    "generator_function",
];

fn decl_kind(kind: &str) -> Option<SymbolKind> {
    Some(match kind {
        "class_declaration" | "abstract_class_declaration" | "class" => SymbolKind::Class,
        "interface_declaration" => SymbolKind::Interface,
        "type_alias_declaration" => SymbolKind::Type,
        "enum_declaration" => SymbolKind::Enum,
        "function_declaration"
        | "generator_function_declaration"
        | "function_signature"
        | "function_expression"
        | "generator_function" => SymbolKind::Function,
        "internal_module" | "module" => SymbolKind::Module,
        _ => return None,
    })
}

fn is_private(member: Node, src: Src) -> bool {
    if field(member, "name").is_some_and(|n| n.kind() == "private_property_identifier") {
        return true;
    }
    named_children(member)
        .into_iter()
        .find(|c| c.kind() == "accessibility_modifier")
        .is_some_and(|m| text(m, src) != "public")
}

/// Top-level `const`/`let`/`var`: one variable per declarator; a function value makes it a function.
fn variables<'t>(decl: Node<'t>, outer: Node<'t>, exported: bool, src: Src) -> Vec<Found<'t>> {
    let mut out = Vec::new();
    for d in named_children(decl) {
        if d.kind() != "variable_declarator" {
            continue;
        }
        let Some(name) = field(d, "name").filter(|n| n.kind() == "identifier") else {
            continue;
        };
        let is_fn = field(d, "value").is_some_and(|v| FUNCTION_VALUES.contains(&v.kind()));
        let kind = if is_fn {
            SymbolKind::Function
        } else {
            SymbolKind::Variable
        };
        out.push(Found::leaf(outer, text(name, src), kind, exported));
    }
    out
}

fn declaration<'t>(node: Node<'t>, outer: Node<'t>, exported: bool, src: Src) -> Vec<Found<'t>> {
    match node.kind() {
        "lexical_declaration" | "variable_declaration" => {
            return variables(node, outer, exported, src)
        }
        "ambient_declaration" => {
            return members(Some(node))
                .into_iter()
                .flat_map(|c| declaration(c, outer, exported, src))
                .collect()
        }
        "expression_statement" => {
            if let Some(inner) = node
                .named_child(0)
                .filter(|c| c.kind() == "internal_module")
            {
                return declaration(inner, outer, exported, src);
            }
        }
        _ => {}
    }
    let Some(kind) = decl_kind(node.kind()) else {
        return Vec::new();
    };
    let own = name_text(field(node, "name"), src);
    let name = if own.is_empty() { "default" } else { own };
    let body = if matches!(kind, SymbolKind::Function | SymbolKind::Type) {
        Vec::new()
    } else {
        members(field(node, "body"))
    };
    vec![Found {
        node: outer,
        name: name.to_string(),
        kind,
        exported,
        members: body,
    }]
}

fn member<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    let exported = ctx.parent_exported && !is_private(node, src);
    let name = name_text(field(node, "name"), src);
    let found = match node.kind() {
        "method_definition" => {
            let kind = if name == "constructor" {
                SymbolKind::Constructor
            } else {
                SymbolKind::Method
            };
            Found::leaf(node, name, kind, exported)
        }
        "method_signature" | "abstract_method_signature" => {
            Found::leaf(node, name, SymbolKind::Method, exported)
        }
        "public_field_definition" | "field_definition" | "property_signature" => {
            let shown = if name.is_empty() {
                name_text(field(node, "property"), src)
            } else {
                name
            };
            Found::leaf(node, shown, SymbolKind::Property, exported)
        }
        // An enum member.
        "property_identifier" => Found::leaf(
            node,
            text(node, src),
            SymbolKind::Property,
            ctx.parent_exported,
        ),
        "enum_assignment" => Found::leaf(node, name, SymbolKind::Property, ctx.parent_exported),
        _ => return Vec::new(),
    };
    vec![found]
}

pub fn symbols<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    if matches!(
        ctx.parent_kind,
        Some(SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum)
    ) {
        return member(node, ctx, src);
    }
    let in_module = ctx.parent_kind == Some(SymbolKind::Module);
    if node.kind() == "export_statement" {
        if let Some(decl) = field(node, "declaration") {
            return declaration(
                decl,
                node,
                if in_module { ctx.parent_exported } else { true },
                src,
            );
        }
        // `export default class {}` / `export default function () {}`: the value is the declaration.
        let value = field(node, "value").or_else(|| {
            named_children(node)
                .into_iter()
                .find(|c| decl_kind(c.kind()).is_some())
        });
        return value.map_or(Vec::new(), |v| declaration(v, node, true, src));
    }
    declaration(node, node, false, src)
}
