//! Node helpers shared by the rule tables (src/engine/wasm/metrics/names.ts and the
//! `namedChildren`/`childForFieldName` idioms of web-tree-sitter).

use tree_sitter::Node;

pub const ANONYMOUS: &str = "<anonymous>";

/// The source a tree was parsed from. Trees of files with syntax errors are parsed from
/// UTF-16, as web-tree-sitter parses every file: tree-sitter's error recovery weighs
/// skipped input by its byte length, so only a UTF-16 parse recovers exactly as the WASM
/// engine does. Such a tree's byte offsets count UTF-16 bytes; `units` maps them back.
#[derive(Clone, Copy)]
pub struct Src<'a> {
    pub text: &'a str,
    /// Byte offset in `text` of each UTF-16 code unit (and one past the end), for UTF-16 trees.
    units: Option<&'a [u32]>,
}

impl<'a> Src<'a> {
    pub fn utf8(text: &'a str) -> Self {
        Src { text, units: None }
    }

    pub fn utf16(text: &'a str, units: &'a [u32]) -> Self {
        Src {
            text,
            units: Some(units),
        }
    }

    pub fn is_utf16(&self) -> bool {
        self.units.is_some()
    }

    /// The text between two tree offsets.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let (s, e) = match self.units {
            None => (start, end),
            Some(u) => match (u.get(start / 2), u.get(end / 2)) {
                (Some(s), Some(e)) => (*s as usize, *e as usize),
                _ => return "",
            },
        };
        self.text.get(s..e).unwrap_or("")
    }
}

/// Byte offset of every UTF-16 code unit of `text`, plus the end (see `Src`).
pub fn utf16_units(text: &str) -> Vec<u32> {
    let mut units = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for _ in 0..c.len_utf16() {
            units.push(i as u32);
        }
    }
    units.push(text.len() as u32);
    units
}

/// The source text of a node.
pub fn text<'a>(node: Node, src: Src<'a>) -> &'a str {
    src.slice(node.start_byte(), node.end_byte())
}

pub fn field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    node.child_by_field_name(name)
}

pub fn field_text<'a>(node: Node, name: &str, src: Src<'a>) -> Option<&'a str> {
    node.child_by_field_name(name).map(|n| text(n, src))
}

pub fn children_by_field<'t>(node: Node<'t>, name: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(name, &mut cursor).collect()
}

/// Every child (named and anonymous, extras included), as `node.children`.
pub fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// Named children, extras (comments) included, as `node.namedChildren`.
pub fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Named, non-extra children (`membersOf`, `namedChildren.filter(!isExtra)`).
pub fn members(node: Option<Node>) -> Vec<Node> {
    match node {
        Some(n) => named_children(n)
            .into_iter()
            .filter(|c| !c.is_extra())
            .collect(),
        None => Vec::new(),
    }
}

/// Text of a name node; string keys lose their quotes (`'foo': () => 0` → `foo`).
pub fn name_text<'a>(node: Option<Node>, src: Src<'a>) -> &'a str {
    let Some(n) = node else { return "" };
    let t = text(n, src);
    let b = t.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'\'' | b'"' | b'`') && b[b.len() - 1] == b[0] {
        return &t[1..t.len() - 1];
    }
    t
}

/// The first ancestor whose type is not one of `wrappers`.
pub fn skip_wrappers<'t>(node: Node<'t>, wrappers: &[&str]) -> Option<Node<'t>> {
    let mut p = node.parent();
    while let Some(n) = p {
        if !wrappers.contains(&n.kind()) {
            break;
        }
        p = n.parent();
    }
    p
}

/// Index of `child` among the named non-extra children of `parent`.
pub fn named_index(parent: Node, child: Node) -> Option<usize> {
    members(Some(parent))
        .iter()
        .position(|c| c.id() == child.id())
}

/// The i-th named non-extra child.
pub fn named_at(parent: Option<Node>, index: Option<usize>) -> Option<Node> {
    members(parent).get(index?).copied()
}

/// Named non-extra children whose type is not excluded.
pub fn count_named(node: Option<Node>, excluded: &[&str]) -> u64 {
    members(node)
        .iter()
        .filter(|c| !excluded.contains(&c.kind()))
        .count() as u64
}

pub fn qualify(qualifier: Option<&str>, name: &str) -> String {
    match qualifier {
        Some(q) if !q.is_empty() => format!("{q}.{name}"),
        _ => name.to_string(),
    }
}

/// A callee's simple name and receiver: `f` → (f, ""), `this.f` → (f, this), `a.b.f` → (f, *).
pub struct Callee<'a> {
    pub name: &'a str,
    pub receiver: &'a str,
}

const NO_CALLEE: Callee<'static> = Callee {
    name: "",
    receiver: "",
};

fn first_field<'t>(n: Node<'t>, fields: &[&str]) -> Option<Node<'t>> {
    fields.iter().find_map(|f| n.child_by_field_name(f))
}

/// `calleeOf` of names.ts: `unwrap` fields are followed first; bounded loop.
pub fn callee_of<'a>(
    func: Option<Node>,
    src: Src<'a>,
    name_fields: &[&str],
    object_fields: &[&str],
    unwrap: &[&str],
) -> Callee<'a> {
    let mut n = func;
    let mut guard = 0;
    while let Some(cur) = n {
        if guard >= 4 {
            break;
        }
        guard += 1;
        if cur.child_count() == 0 {
            return Callee {
                name: text(cur, src),
                receiver: "",
            };
        }
        if let Some(inner) = first_field(cur, unwrap) {
            n = Some(inner);
            continue;
        }
        let Some(name) = first_field(cur, name_fields) else {
            return NO_CALLEE;
        };
        if name.child_count() != 0 {
            return NO_CALLEE;
        }
        let receiver = match first_field(cur, object_fields) {
            Some(o) if o.child_count() == 0 => text(o, src),
            _ => "*",
        };
        return Callee {
            name: text(name, src),
            receiver,
        };
    }
    NO_CALLEE
}
