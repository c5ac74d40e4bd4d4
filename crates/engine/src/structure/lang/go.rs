//! Go. `exported` = the name starts with an upper-case letter. Methods are top-level
//! symbols named `Type.Method`.

use crate::node::Src;
use tree_sitter::Node;

use crate::node::{children, children_by_field, field, field_text, members, text};
use crate::structure::{Ctx, Found};
use crate::types::SymbolKind;

/// `c.toUpperCase() === c && c.toLowerCase() !== c` on the first UTF-16 code unit.
fn is_exported(name: &str) -> bool {
    let Some(c) = name.chars().next() else {
        return false;
    };
    if c.len_utf16() > 1 {
        return false; // JavaScript sees half a surrogate pair, which has no case
    }
    let s = c.to_string();
    c.to_uppercase().collect::<String>() == s && c.to_lowercase().collect::<String>() != s
}

fn receiver_type<'a>(method: Node, src: Src<'a>) -> &'a str {
    let decl = members(field(method, "receiver")).into_iter().next();
    let mut t = decl.and_then(|d| field(d, "type"));
    for _ in 0..4 {
        let Some(cur) = t else { break };
        if cur.kind() == "type_identifier" {
            return text(cur, src);
        }
        t = field(cur, "type").or_else(|| cur.named_child(0));
    }
    ""
}

/// An embedded field is named by its type without `*` or package: `*fmt.Stringer` → `Stringer`.
fn embedded_name(type_text: &str) -> &str {
    let t = type_text.strip_prefix('*').unwrap_or(type_text);
    // `.replace(/^.*\./, '')`: `.` does not match line terminators in a JS regex.
    let line_end = t
        .find(['\n', '\r', '\u{2028}', '\u{2029}'])
        .unwrap_or(t.len());
    match t[..line_end].rfind('.') {
        Some(dot) => &t[dot + 1..],
        None => t,
    }
}

/// Struct fields (one per name) and interface methods.
fn type_members<'t>(ty: Node<'t>, src: Src) -> Vec<Found<'t>> {
    let list = if ty.kind() == "struct_type" {
        crate::node::named_children(ty)
            .into_iter()
            .find(|c| c.kind() == "field_declaration_list")
    } else {
        Some(ty)
    };
    let mut out = Vec::new();
    for m in members(list) {
        if m.kind() == "field_declaration" {
            let names: Vec<&str> = children_by_field(m, "name")
                .iter()
                .map(|n| text(*n, src))
                .collect();
            let embedded = embedded_name(field_text(m, "type", src).unwrap_or(""));
            let named = if names.is_empty() {
                vec![embedded]
            } else {
                names
            };
            for name in named {
                out.push(Found::leaf(
                    m,
                    name,
                    SymbolKind::Property,
                    is_exported(name),
                ));
            }
        } else if m.kind() == "method_elem" {
            let name = field_text(m, "name", src).unwrap_or("");
            out.push(Found::leaf(m, name, SymbolKind::Method, is_exported(name)));
        }
    }
    out
}

/// A lone spec takes its declaration's lines; a spec in a `( … )` group its own. Decided
/// once per declaration (as `lineNode` in the TS): asking each of n specs for its parent and
/// its parent's children made a 2,000-constant block cost more than its parse, squared.
/// Only a spec directly in the declaration can be lone; one in a `*_spec_list` is grouped.
fn line_node<'t>(decl: Node<'t>) -> impl Fn(Node<'t>, bool) -> Node<'t> {
    let grouped = children(decl).iter().any(|c| c.kind() == "(");
    move |spec, direct| if !grouped && direct { decl } else { spec }
}

fn type_spec<'t>(spec: Node<'t>, line_node: Node<'t>, src: Src) -> Found<'t> {
    let name = field_text(spec, "name", src).unwrap_or("");
    let ty = field(spec, "type");
    let kind = match ty.map(|t| t.kind()) {
        Some("struct_type") => SymbolKind::Struct,
        Some("interface_type") => SymbolKind::Interface,
        _ => SymbolKind::Type,
    };
    let members = match (kind, ty) {
        (SymbolKind::Type, _) | (_, None) => Vec::new(),
        (_, Some(t)) => vec![t],
    };
    Found {
        node: line_node,
        name: name.to_string(),
        kind,
        exported: is_exported(name),
        members,
    }
}

/// The specs of a declaration, each with whether it is a direct child of it.
fn specs<'t>(decl: Node<'t>, ty: &str) -> Vec<(Node<'t>, bool)> {
    // `var ( a = 1; b = 2 )` nests the specs in a var_spec_list.
    let mut out = Vec::new();
    for c in members(Some(decl)) {
        if c.kind() == ty {
            out.push((c, true));
        } else if c.kind().ends_with("_list") {
            out.extend(
                members(Some(c))
                    .into_iter()
                    .filter(|s| s.kind() == ty)
                    .map(|s| (s, false)),
            );
        }
    }
    out
}

pub fn symbols<'t>(node: Node<'t>, ctx: Ctx, src: Src) -> Vec<Found<'t>> {
    if matches!(
        ctx.parent_kind,
        Some(SymbolKind::Struct | SymbolKind::Interface)
    ) {
        return type_members(node, src);
    }
    match node.kind() {
        "function_declaration" => {
            let name = field_text(node, "name", src).unwrap_or("");
            vec![Found::leaf(
                node,
                name,
                SymbolKind::Function,
                is_exported(name),
            )]
        }
        "method_declaration" => {
            let name = field_text(node, "name", src).unwrap_or("");
            let recv = receiver_type(node, src);
            let shown = if recv.is_empty() {
                name.to_string()
            } else {
                format!("{recv}.{name}")
            };
            vec![Found::leaf(
                node,
                shown,
                SymbolKind::Method,
                is_exported(name),
            )]
        }
        "type_declaration" => {
            let outer = line_node(node);
            members(Some(node))
                .into_iter()
                .filter(|s| matches!(s.kind(), "type_spec" | "type_alias"))
                .map(|s| type_spec(s, outer(s, true), src))
                .collect()
        }
        "var_declaration" | "const_declaration" => {
            let ty = if node.kind() == "var_declaration" {
                "var_spec"
            } else {
                "const_spec"
            };
            let outer = line_node(node);
            let mut out = Vec::new();
            for (s, direct) in specs(node, ty) {
                for n in children_by_field(s, "name") {
                    let name = text(n, src);
                    out.push(Found::leaf(
                        outer(s, direct),
                        name,
                        SymbolKind::Variable,
                        is_exported(name),
                    ));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}
