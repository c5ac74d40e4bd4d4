//! Tags (src/engine/tags.ts): the names a file defines, uses and imports, defined as data.
//! Each language's query file in queries/tags/ (at the repository root, shared with the WASM
//! engine's src/engine/wasm/tags.ts) is compiled once per language and run over the file's
//! tree; then the steps of queries/tags/README.md ("After the query") turn the matches into
//! `FileTags`. Both engines run the same queries and the same steps, so they give the same
//! tags by construction.

use std::cmp::Ordering as CmpOrdering;
use std::collections::hash_map::Entry;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tree_sitter::{Node, Query, QueryCursor, StreamingIterator, Tree};

use crate::analyze::{map_files_cancellable, panic_message, parse_utf16, Control};
use crate::error::{EngineError, SkipReason};
use crate::lang::{language_of, Language, ALL};
use crate::node::{utf16_units, Src};
use crate::read_source::{read_source, SourceRead};
use crate::text::js_cmp;
use crate::types::SkippedFile;

// ---------------------------------------------------------------------------------------
// The output contract (FileTags of src/engine/tags.ts, field for field and in its order).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagDefinitionKind {
    Function,
    Method,
    Class,
    Interface,
    Type,
    Enum,
    Variable,
    Constant,
    Field,
    Module,
    Struct,
    Trait,
}

impl TagDefinitionKind {
    pub fn from_name(name: &str) -> Option<Self> {
        use TagDefinitionKind::*;
        Some(match name {
            "function" => Function,
            "method" => Method,
            "class" => Class,
            "interface" => Interface,
            "type" => Type,
            "enum" => Enum,
            "variable" => Variable,
            "constant" => Constant,
            "field" => Field,
            "module" => Module,
            "struct" => Struct,
            "trait" => Trait,
            _ => return None,
        })
    }
}

/// Declared from the weakest to the strongest: where several matches name the same position,
/// the greatest kind wins (`call` beats `type` beats `reference`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagReferenceKind {
    Reference,
    Type,
    Call,
}

impl TagReferenceKind {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "call" => TagReferenceKind::Call,
            "type" => TagReferenceKind::Type,
            "reference" => TagReferenceKind::Reference,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagDefinition {
    pub name: String,
    pub kind: TagDefinitionKind,
    /// 1-based line and column (in Unicode code points) of the name.
    pub line: u64,
    pub column: u64,
    /// 1-based last line of the whole definition.
    pub end_line: u64,
    /// The name of the innermost other definition whose node encloses this one's node.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub container: Option<String>,
    pub exported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagReference {
    pub name: String,
    pub kind: TagReferenceKind,
    pub line: u64,
    pub column: u64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub receiver: Option<String>,
    /// Rule 9: the receiver's declared type when it is a typed local binding.
    #[serde(
        rename = "receiverType",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub receiver_type: Option<String>,
    /// Rule 5: a member of a value the tags do not name (`@object`); `Some(true)` or absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub member: Option<bool>,
    /// Rule 7: the name is bound by an enclosing local scope; `Some(true)` or absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagImport {
    /// The name bound in this file (the alias when there is one).
    pub name: String,
    /// The name in the module it comes from (`default`, `*` for a namespace import).
    pub imported: String,
    /// The module specifier as written, without quotes.
    pub source: String,
    pub line: u64,
    pub column: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTags {
    pub path: String,
    pub language: Language,
    pub definitions: Vec<TagDefinition>,
    pub references: Vec<TagReference>,
    pub imports: Vec<TagImport>,
}

// ---------------------------------------------------------------------------------------
// Queries.

/// Why a tags query cannot be used: a bug in a query file, never a property of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagsQueryError {
    /// tree-sitter refused the query (syntax, an unknown node type or field).
    Compile {
        language: Language,
        row: usize,
        column: usize,
        message: String,
    },
    /// `@definition.<kind>` or `@reference.<kind>` with a kind that is not in the contract.
    UnknownKind { language: Language, capture: String },
    /// `; inherits:` names a file that is not embedded.
    MissingFile { language: Language, file: String },
}

impl std::fmt::Display for TagsQueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TagsQueryError::Compile {
                language,
                row,
                column,
                message,
            } => write!(
                f,
                "queries/tags for {}: {}:{}: {message}",
                language.name(),
                row + 1,
                column + 1
            ),
            TagsQueryError::UnknownKind { language, capture } => write!(
                f,
                "queries/tags for {}: unknown capture kind @{capture}",
                language.name()
            ),
            TagsQueryError::MissingFile { language, file } => write!(
                f,
                "queries/tags for {}: no query file {file}.scm",
                language.name()
            ),
        }
    }
}

impl std::error::Error for TagsQueryError {}

impl From<TagsQueryError> for EngineError {
    fn from(e: TagsQueryError) -> Self {
        EngineError::Internal(e.to_string())
    }
}

/// The import capture of a match: what `imported` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportForm {
    Named,
    Default,
    Namespace,
}

/// The captures of local scopes (rule 7), each recorded on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LocalRole {
    Scope,
    /// Binds references of the namespaces in the mask (`VALUE`, `TYPE`).
    Definition(u8),
    Global,
}

/// Rule 7: the namespace of a reference: `type` references are types, the others values.
const VALUE: u8 = 1;
const TYPE: u8 = 2;

/// What a capture name means (the table of queries/tags/README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Definition {
        kind: TagDefinitionKind,
        exported: bool,
    },
    Reference(TagReferenceKind),
    Import(ImportForm),
    Name,
    Receiver,
    Imported,
    Source,
    Container,
    /// `@member`: the reference names a member (rule 7: never local).
    Member,
    /// `@object`: the reference is a member of a value the tags do not name (rule 5).
    Object,
    /// Rule 7: `@local.scope`, `@local.definition`, `@local.global`.
    Local(LocalRole),
    /// Rule 8: `@doc`, a comment whose JSDoc links are references.
    Doc,
    /// Rule 9: `@local.type`, the declared type of the match's value bindings.
    LocalType,
    /// `@toplevel`: the match's role counts only when this node is a child of the root.
    TopLevel,
    /// Any other capture (helpers of predicates): no meaning after the query.
    Other,
}

fn role_of(capture: &str, language: Language) -> Result<Role, TagsQueryError> {
    let unknown = || TagsQueryError::UnknownKind {
        language,
        capture: capture.to_string(),
    };
    Ok(match capture {
        "name" => Role::Name,
        "receiver" => Role::Receiver,
        "imported" => Role::Imported,
        "source" => Role::Source,
        "container" => Role::Container,
        "member" => Role::Member,
        "object" => Role::Object,
        "local.scope" => Role::Local(LocalRole::Scope),
        "local.definition" => Role::Local(LocalRole::Definition(VALUE | TYPE)),
        "local.definition.value" => Role::Local(LocalRole::Definition(VALUE)),
        "local.definition.type" => Role::Local(LocalRole::Definition(TYPE)),
        "local.global" => Role::Local(LocalRole::Global),
        "local.type" => Role::LocalType,
        "toplevel" => Role::TopLevel,
        "doc" => Role::Doc,
        "import" => Role::Import(ImportForm::Named),
        "import.default" => Role::Import(ImportForm::Default),
        "import.namespace" => Role::Import(ImportForm::Namespace),
        _ => {
            if let Some(rest) = capture.strip_prefix("definition.") {
                let (kind, exported) = match rest.strip_suffix(".exported") {
                    Some(k) => (k, true),
                    None => (rest, false),
                };
                Role::Definition {
                    kind: TagDefinitionKind::from_name(kind).ok_or_else(unknown)?,
                    exported,
                }
            } else if let Some(kind) = capture.strip_prefix("reference.") {
                Role::Reference(TagReferenceKind::from_name(kind).ok_or_else(unknown)?)
            } else {
                Role::Other
            }
        }
    })
}

/// A compiled tags query and the meaning of each of its captures.
pub struct TagsQuery {
    query: Query,
    roles: Vec<Role>,
}

impl TagsQuery {
    /// Compiles `source` for `language` (tests use small inline queries; the engine uses
    /// `tags_query`).
    pub fn new(language: Language, source: &str) -> Result<Self, TagsQueryError> {
        let query =
            Query::new(&language.grammar(), source).map_err(|e| TagsQueryError::Compile {
                language,
                row: e.row,
                column: e.column,
                message: e.message,
            })?;
        let roles = query
            .capture_names()
            .iter()
            .map(|c| role_of(c, language))
            .collect::<Result<_, _>>()?;
        Ok(TagsQuery { query, roles })
    }

    /// Capture names that have no meaning after the query (for a test of the query files).
    pub fn other_captures(&self) -> Vec<&str> {
        self.query
            .capture_names()
            .iter()
            .zip(&self.roles)
            .filter(|(_, r)| **r == Role::Other)
            .map(|(c, _)| *c)
            .collect()
    }
}

/// The query files, embedded (queries/tags/ at the repository root, shipped in the npm package).
fn query_file(name: &str) -> Option<&'static str> {
    Some(match name {
        "ecma" => include_str!("../../../queries/tags/ecma.scm"),
        "jsx" => include_str!("../../../queries/tags/jsx.scm"),
        "javascript" => include_str!("../../../queries/tags/javascript.scm"),
        "typescript" => include_str!("../../../queries/tags/typescript.scm"),
        "tsx" => include_str!("../../../queries/tags/tsx.scm"),
        "python" => include_str!("../../../queries/tags/python.scm"),
        "go" => include_str!("../../../queries/tags/go.scm"),
        "rust" => include_str!("../../../queries/tags/rust.scm"),
        "java" => include_str!("../../../queries/tags/java.scm"),
        _ => return None,
    })
}

/// The files a query file inherits: its first line is exactly `; inherits: a,b`.
fn inherits(text: &str) -> Vec<&str> {
    let first = text.split('\n').next().unwrap_or("");
    match first.strip_prefix("; inherits: ") {
        Some(list)
            if !list.is_empty() && list.bytes().all(|b| b.is_ascii_lowercase() || b == b',') =>
        {
            list.split(',').collect()
        }
        _ => Vec::new(),
    }
}

fn resolve_into(
    name: &str,
    seen: &mut Vec<String>,
    out: &mut String,
    language: Language,
) -> Result<(), TagsQueryError> {
    if seen.iter().any(|s| s == name) {
        return Ok(());
    }
    seen.push(name.to_string());
    let text = query_file(name).ok_or_else(|| TagsQueryError::MissingFile {
        language,
        file: name.to_string(),
    })?;
    for parent in inherits(text) {
        resolve_into(parent, seen, out, language)?;
    }
    out.push_str(text);
    out.push('\n');
    Ok(())
}

/// The query text of a language: its file after the files it inherits, recursively, each
/// once at its first occurrence and followed by a newline (README, "Inheritance").
pub fn query_source(language: Language) -> Result<String, TagsQueryError> {
    let mut out = String::new();
    resolve_into(language.name(), &mut Vec::new(), &mut out, language)?;
    Ok(out)
}

/// The language's query, compiled on first use and kept for the life of the process.
pub fn tags_query(language: Language) -> Result<&'static TagsQuery, TagsQueryError> {
    static QUERIES: [OnceLock<Result<TagsQuery, TagsQueryError>>; ALL.len()] =
        [const { OnceLock::new() }; ALL.len()];
    QUERIES[language.index()]
        .get_or_init(|| query_source(language).and_then(|q| TagsQuery::new(language, &q)))
        .as_ref()
        .map_err(Clone::clone)
}

// ---------------------------------------------------------------------------------------
// After the query (README, "After the query"; rule numbers below are its).

/// Positions of a UTF-16 tree in the decoded text.
struct Positions<'a> {
    text: &'a str,
    units: &'a [u32],
    /// Byte offset in `text` of the start of each row (tree-sitter starts rows after '\n' only).
    row_starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, units: &'a [u32]) -> Self {
        let mut row_starts = vec![0];
        row_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Positions {
            text,
            units,
            row_starts,
        }
    }

    fn src(&self) -> Src<'a> {
        Src::utf16(self.text, self.units)
    }

    fn text_of(&self, node: Node) -> &'a str {
        self.src().slice(node.start_byte(), node.end_byte())
    }

    /// Rule 1: 1-based line, and column in code points, of a node's start.
    fn line_column(&self, node: Node) -> (u64, u64) {
        let row = node.start_position().row;
        let offset = self
            .units
            .get(node.start_byte() / 2)
            .map_or(self.text.len(), |o| *o as usize);
        let start = self.row_starts.get(row).copied().unwrap_or(0).min(offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (row as u64 + 1, column as u64 + 1)
    }

    /// Rule 1 for a byte offset in `text` (a doc link inside a comment, rule 8).
    fn line_column_at(&self, offset: usize) -> (u64, u64) {
        let row = self
            .row_starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.row_starts[row];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (row as u64 + 1, column as u64 + 1)
    }

    /// The byte offset in `text` of a node's start.
    fn offset_of(&self, node: Node) -> usize {
        self.units
            .get(node.start_byte() / 2)
            .map_or(self.text.len(), |o| *o as usize)
    }

    /// Rule 1: the last row a node really touches (an end at column 0 of a later row does not
    /// touch that row), 1-based.
    fn end_line(node: Node) -> u64 {
        let (start, end) = (node.start_position(), node.end_position());
        let row = if end.row > start.row && end.column == 0 {
            end.row - 1
        } else {
            end.row
        };
        row as u64 + 1
    }
}

/// Without one surrounding pair of the same quote (`'`, `"` or `` ` ``).
fn unquote(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'\'' | b'"' | b'`') && b[b.len() - 1] == b[0] {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Rule 2: the package name goimports assumes for a Go import path.
fn go_package_name(source: &str) -> &str {
    let segments: Vec<&str> = source.split('/').collect();
    let mut base = segments[segments.len() - 1];
    let is_major =
        |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit());
    if is_major(base) && segments.len() > 1 {
        base = segments[segments.len() - 2];
    }
    let base = base.strip_prefix("go-").unwrap_or(base);
    let cut = base
        .char_indices()
        .find(|(_, c)| !(*c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii()))
        .map_or(base.len(), |(i, _)| i);
    &base[..cut]
}

/// A match, keyed by the position (start byte) of its name.
trait Found {
    fn at(&self) -> usize;
    fn pattern(&self) -> usize;
}

struct DefinitionMatch<'t> {
    name: Node<'t>,
    pattern: usize,
    kind: TagDefinitionKind,
    exported: bool,
    definition: Node<'t>,
    container: Option<Node<'t>>,
}

struct ReferenceMatch<'t> {
    name: Node<'t>,
    pattern: usize,
    kind: TagReferenceKind,
    receiver: Option<Node<'t>>,
    /// A `@member` capture: the name is a member's, never local (rule 7).
    member: bool,
    /// An `@object` capture (rule 5).
    object: bool,
}

struct ImportMatch<'t> {
    /// The @name, or the @source of a match without @name (rule 2).
    node: Node<'t>,
    pattern: usize,
    form: ImportForm,
    nameless: bool,
    imported: Option<Node<'t>>,
    source: Option<Node<'t>>,
}

macro_rules! found {
    ($t:ident, $node:ident) => {
        impl Found for $t<'_> {
            fn at(&self) -> usize {
                self.$node.start_byte()
            }
            fn pattern(&self) -> usize {
                self.pattern
            }
        }
    };
}
found!(DefinitionMatch, name);
found!(ReferenceMatch, name);
found!(ImportMatch, node);

#[derive(Default)]
struct Classified<'t> {
    definitions: Vec<DefinitionMatch<'t>>,
    references: Vec<ReferenceMatch<'t>>,
    imports: Vec<ImportMatch<'t>>,
    /// Rule 7: every @local.scope, @local.definition and @local.global node.
    scopes: Vec<Node<'t>>,
    local_definitions: Vec<(Node<'t>, u8)>,
    local_globals: Vec<Node<'t>>,
    /// Rule 9: (value binding, `@local.type`) of each match that declares a type.
    typed: Vec<(Node<'t>, Node<'t>)>,
    /// Rule 8: every @doc node.
    docs: Vec<Node<'t>>,
}

/// The matches of each position in the order positions were first reported; within a
/// position by pattern index (a stable sort keeps the reported order within one pattern), so
/// the first of a list is "the first match" of the README.
fn by_position<T: Found>(found: Vec<T>) -> Vec<(usize, Vec<T>)> {
    let mut index: FxHashMap<usize, usize> = FxHashMap::default();
    let mut lists: Vec<(usize, Vec<T>)> = Vec::new();
    for f in found {
        let at = f.at();
        match index.entry(at) {
            Entry::Occupied(o) => lists[*o.get()].1.push(f),
            Entry::Vacant(v) => {
                v.insert(lists.len());
                lists.push((at, vec![f]));
            }
        }
    }
    for (_, list) in &mut lists {
        list.sort_by_key(|f| f.pattern());
    }
    lists
}

/// Each match by its role capture (definition, reference or import; the last one if a match
/// had several) with the first node of each other capture.
fn classify<'t>(
    query: &TagsQuery,
    tree: &'t Tree,
    src: Src,
    cursor: &mut QueryCursor,
) -> Classified<'t> {
    let mut out = Classified::default();
    // Predicates read the text of the UTF-16 tree's nodes through `Src`.
    let text_provider =
        |n: Node| std::iter::once(src.slice(n.start_byte(), n.end_byte()).as_bytes());
    let mut matches = cursor.matches(&query.query, tree.root_node(), text_provider);
    while let Some(m) = matches.next() {
        let pattern = m.pattern_index;
        let mut role: Option<(Role, Node<'t>)> = None;
        let (mut name, mut receiver, mut imported, mut source, mut container, mut member) =
            (None, None, None, None, None, None);
        let mut object = None;
        let mut local_type = None;
        let mut top_level = None;
        let first_binding = out.local_definitions.len();
        for c in m.captures {
            let r = query.roles[c.index as usize];
            let slot = match r {
                Role::Definition { .. } | Role::Reference(_) | Role::Import(_) => {
                    role = Some((r, c.node));
                    continue;
                }
                Role::Name => &mut name,
                Role::Receiver => &mut receiver,
                Role::Imported => &mut imported,
                Role::Source => &mut source,
                Role::Container => &mut container,
                Role::Member => &mut member,
                Role::Object => &mut object,
                Role::LocalType => &mut local_type,
                Role::TopLevel => &mut top_level,
                Role::Local(l) => {
                    match l {
                        LocalRole::Scope => out.scopes.push(c.node),
                        LocalRole::Definition(ns) => out.local_definitions.push((c.node, ns)),
                        LocalRole::Global => out.local_globals.push(c.node),
                    }
                    continue;
                }
                Role::Doc => {
                    out.docs.push(c.node);
                    continue;
                }
                Role::Other => continue,
            };
            slot.get_or_insert(c.node);
        }
        if let Some(t) = local_type {
            for &(b, ns) in &out.local_definitions[first_binding..] {
                if ns & VALUE != 0 {
                    out.typed.push((b, t));
                }
            }
        }
        // `@toplevel` (README, "Capture names"): instead of a pattern rooted at the root node,
        // which keeps a match in progress over the whole file in the cursor walk.
        if top_level.is_some_and(|n: Node| n.parent() != Some(tree.root_node())) {
            continue;
        }
        match role {
            Some((Role::Definition { kind, exported }, definition)) => {
                if let Some(name) = name {
                    out.definitions.push(DefinitionMatch {
                        name,
                        pattern,
                        kind,
                        exported,
                        definition,
                        container,
                    });
                }
            }
            Some((Role::Reference(kind), _)) => {
                if let Some(name) = name {
                    out.references.push(ReferenceMatch {
                        name,
                        pattern,
                        kind,
                        receiver,
                        member: member.is_some(),
                        object: object.is_some(),
                    });
                }
            }
            Some((Role::Import(form), _)) => {
                if let Some(node) = name.or(source) {
                    out.imports.push(ImportMatch {
                        node,
                        pattern,
                        form,
                        nameless: name.is_none(),
                        imported,
                        source,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn collect_imports(found: Vec<ImportMatch>, pos: &Positions) -> Vec<TagImport> {
    by_position(found)
        .into_iter()
        .map(|(_, list)| {
            let first = &list[0];
            let source = first.source.map_or("", |s| unquote(pos.text_of(s)));
            let name = if first.nameless {
                go_package_name(source)
            } else {
                pos.text_of(first.node)
            };
            let imported = match first.form {
                ImportForm::Default => "default",
                ImportForm::Namespace => "*",
                ImportForm::Named => first.imported.map_or(name, |n| pos.text_of(n)),
            };
            let (line, column) = pos.line_column(first.node);
            TagImport {
                name: name.to_string(),
                imported: imported.to_string(),
                source: source.to_string(),
                line,
                column,
            }
        })
        .collect()
}

/// Rule 3, "Exported by name": the languages whose visibility is the spelling of a name, with
/// the test of the name; `exported` of each of their definitions comes from here, after the
/// query. For Go this replaces nine `.exported` twins of the definition patterns with
/// `(#match? @name "^[A-Z]")`, which doubled the definition patterns' cost in the query's cursor
/// walk (three were rooted at `source_file`, in progress over the whole file). Same test as
/// src/engine/wasm/tags.ts's `EXPORTED_BY_NAME`: an ASCII `A`–`Z` first, as `^[A-Z]` matched.
fn exported_by_name(language: Language) -> Option<fn(&str) -> bool> {
    match language {
        Language::Go => Some(|name| name.as_bytes().first().is_some_and(u8::is_ascii_uppercase)),
        _ => None,
    }
}

struct Resolved<'t> {
    first: DefinitionMatch<'t>,
    exported: bool,
    container: Option<String>,
}

fn collect_definitions(
    found: Vec<DefinitionMatch>,
    import_at: &FxHashSet<usize>,
    by_name: Option<fn(&str) -> bool>,
    pos: &Positions,
) -> Vec<TagDefinition> {
    let mut resolved: Vec<Resolved> = Vec::new();
    for (at, list) in by_position(found) {
        if import_at.contains(&at) {
            continue;
        }
        let container = list
            .iter()
            .find_map(|d| d.container)
            .map(|c| pos.text_of(c).to_string());
        let first = &list[0];
        let exported = list.iter().any(|d| d.exported)
            || by_name.is_some_and(|test| test(pos.text_of(first.name)));
        let first = list.into_iter().next().expect("a position has a match");
        resolved.push(Resolved {
            first,
            exported,
            container,
        });
    }
    let innermost = innermost_containers(&resolved);
    resolved
        .iter()
        .zip(innermost)
        .map(|(r, inner)| {
            let (line, column) = pos.line_column(r.first.name);
            let container = r
                .container
                .clone()
                .or_else(|| inner.map(|i| pos.text_of(resolved[i].first.name).to_string()));
            TagDefinition {
                name: pos.text_of(r.first.name).to_string(),
                kind: r.first.kind,
                line,
                column,
                end_line: Positions::end_line(r.first.definition),
                container,
                exported: r.exported,
            }
        })
        .collect()
}

/// Rule 4 where no @container named one: the index of the innermost other definition whose
/// node's byte range contains this one's and is not the very same range. Definition nodes are
/// syntax nodes, so any two are nested or disjoint: after a stable sort by start (outer first on
/// a tie), a stack of the open definitions holds exactly those containing the next (the same
/// sweep as src/engine/wasm/tags.ts, so even ties come out the same).
fn innermost_containers(resolved: &[Resolved]) -> Vec<Option<usize>> {
    let ranges: Vec<(usize, usize)> = resolved
        .iter()
        .map(|r| {
            (
                r.first.definition.start_byte(),
                r.first.definition.end_byte(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..resolved.len()).collect();
    order.sort_by(|&a, &b| {
        ranges[a]
            .0
            .cmp(&ranges[b].0)
            .then(ranges[b].1.cmp(&ranges[a].1))
    });
    let mut out = vec![None; resolved.len()];
    let mut open: Vec<usize> = Vec::new();
    for i in order {
        let (start, end) = ranges[i];
        while open.last().is_some_and(|&o| ranges[o].1 < end) {
            open.pop();
        }
        if resolved[i].container.is_none() {
            // Definitions with the very same range do not contain each other (`var a, b int`).
            out[i] = open
                .iter()
                .rev()
                .find(|&&o| ranges[o] != (start, end))
                .copied();
        }
        open.push(i);
    }
    out
}

/// `keep_local: false` leaves out the references a local scope binds before anything of theirs
/// is built (in the Go stdlib 1.1 of 2.5 million references, which the index drops anyway).
fn collect_references(
    found: Vec<ReferenceMatch>,
    taken: &FxHashSet<usize>,
    locals: &LocalScopes,
    pos: &Positions,
    keep_local: bool,
) -> Vec<TagReference> {
    by_position(found)
        .into_iter()
        .filter(|(at, _)| !taken.contains(at))
        .filter_map(|(_, list)| {
            let first = &list[0];
            let kind = list.iter().map(|r| r.kind).max().unwrap_or(first.kind);
            let receiver = list.iter().find_map(|r| r.receiver);
            let name = pos.text_of(first.name);
            let namespace = if kind == TagReferenceKind::Type {
                TYPE
            } else {
                VALUE
            };
            let of_object = receiver.is_none() && list.iter().any(|r| r.object);
            let bare = receiver.is_none() && !of_object && !list.iter().any(|r| r.member);
            let local = bare && locals.is_local(first.name, name, namespace);
            if local && !keep_local {
                return None;
            }
            let (line, column) = pos.line_column(first.name);
            let receiver_type = receiver.and_then(|n| locals.type_of(n, pos.text_of(n)));
            Some(TagReference {
                name: name.to_string(),
                kind,
                line,
                column,
                receiver: receiver.map(|n| pos.text_of(n).to_string()),
                receiver_type: receiver_type.map(str::to_string),
                member: of_object.then_some(true),
                local: local.then_some(true),
            })
        })
        .collect()
}

/// Rule 7: the local scopes of a file (one per byte range), sorted by start then outer first,
/// each with its parent (the innermost other scope containing it), the names it binds (each with
/// the namespaces it binds them in) and the names it declares global (the same sweep as
/// src/engine/wasm/tags.ts).
struct LocalScopes<'a> {
    /// (start, end) byte ranges.
    ranges: Vec<(usize, usize)>,
    parents: Vec<Option<usize>>,
    bound: FxHashMap<usize, FxHashMap<&'a str, u8>>,
    globals: FxHashMap<usize, FxHashSet<&'a str>>,
    /// Rule 9: scope → name → the type every value binding of the name there declares.
    types: FxHashMap<usize, FxHashMap<&'a str, Option<&'a str>>>,
}

impl<'a> LocalScopes<'a> {
    fn new(found: &Classified, taken: &FxHashSet<usize>, pos: &Positions<'a>) -> Self {
        let mut ranges: Vec<(usize, usize)> = found
            .scopes
            .iter()
            .map(|n| (n.start_byte(), n.end_byte()))
            .collect();
        ranges.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        ranges.dedup();
        let mut parents = Vec::with_capacity(ranges.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, &(_, end)) in ranges.iter().enumerate() {
            while open.last().is_some_and(|&o| ranges[o].1 < end) {
                open.pop();
            }
            parents.push(open.last().copied());
            open.push(i);
        }
        let mut scopes = LocalScopes {
            ranges,
            parents,
            bound: FxHashMap::default(),
            globals: FxHashMap::default(),
            types: FxHashMap::default(),
        };
        for &(n, namespaces) in &found.local_definitions {
            if !taken.contains(&n.start_byte()) {
                if let Some(s) = scopes.innermost(n) {
                    *scopes
                        .bound
                        .entry(s)
                        .or_default()
                        .entry(pos.text_of(n))
                        .or_default() |= namespaces;
                }
            }
        }
        for n in &found.local_globals {
            if let Some(s) = scopes.innermost(*n) {
                scopes.globals.entry(s).or_default().insert(pos.text_of(*n));
            }
        }
        scopes.add_types(found, taken, pos);
        scopes
    }

    /// Rule 9: each value binding's declared type (two different ones: none), then each
    /// name's in its scope (a binding without one, or two types: none).
    fn add_types(&mut self, found: &Classified, taken: &FxHashSet<usize>, pos: &Positions<'a>) {
        let mut type_at: FxHashMap<usize, Option<&'a str>> = FxHashMap::default();
        for &(b, t) in &found.typed {
            let t = pos.text_of(t);
            type_at
                .entry(b.start_byte())
                .and_modify(|known| {
                    if *known != Some(t) {
                        *known = None;
                    }
                })
                .or_insert(Some(t));
        }
        for &(n, namespaces) in &found.local_definitions {
            if namespaces & VALUE == 0 || taken.contains(&n.start_byte()) {
                continue;
            }
            let Some(s) = self.innermost(n) else { continue };
            let declared = type_at.get(&n.start_byte()).copied().flatten();
            self.types
                .entry(s)
                .or_default()
                .entry(pos.text_of(n))
                .and_modify(|known| {
                    if *known != declared {
                        *known = None;
                    }
                })
                .or_insert(declared);
        }
    }

    /// Rule 9: the declared type of a receiver in the scope that binds it as a value.
    fn type_of(&self, node: Node, name: &str) -> Option<&'a str> {
        if self.types.is_empty() {
            return None;
        }
        let s = self.binding_scope(node, name, VALUE)?;
        self.types
            .get(&s)
            .and_then(|t| t.get(name))
            .copied()
            .flatten()
    }

    /// The innermost scope whose range contains the node's: the last scope starting at or
    /// before the node, or one of its ancestors (syntax nodes are nested or disjoint).
    fn innermost(&self, node: Node) -> Option<usize> {
        let (start, end) = (node.start_byte(), node.end_byte());
        let mut i = self.ranges.partition_point(|r| r.0 <= start).checked_sub(1);
        while let Some(s) = i {
            if self.ranges[s].1 >= end {
                break;
            }
            i = self.parents[s];
        }
        i
    }

    /// The first scope out from the node that binds the name in one of the namespaces; none
    /// when a scope on the way declares it global first, or no scope binds it.
    fn binding_scope(&self, node: Node, name: &str, namespace: u8) -> Option<usize> {
        let mut scope = self.innermost(node);
        while let Some(s) = scope {
            if self.globals.get(&s).is_some_and(|g| g.contains(name)) {
                return None;
            }
            if self
                .bound
                .get(&s)
                .and_then(|b| b.get(name))
                .is_some_and(|ns| ns & namespace != 0)
            {
                return Some(s);
            }
            scope = self.parents[s];
        }
        None
    }

    /// Rule 7: bound by an enclosing scope in the reference's namespace.
    fn is_local(&self, node: Node, name: &str, namespace: u8) -> bool {
        !self.bound.is_empty() && self.binding_scope(node, name, namespace).is_some()
    }
}

/// Rule 8: an identifier character of a doc link's path (ASCII letter or digit, `_`, `$`,
/// non-ASCII).
fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// Rule 8: the segments of each link tag's path in a JSDoc comment, as (byte offset in the
/// text, text) (the same scan as `docLinkPaths` of src/engine/wasm/tags.ts).
pub fn doc_link_paths(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    if !text.starts_with("/**") || text == "/**/" {
        return out;
    }
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("{@")) {
        let open = from + found;
        from = open + 2;
        let mut i = from;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if !matches!(&text[from..i], "link" | "linkcode" | "linkplain") {
            continue;
        }
        let spaces = i;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i == spaces {
            continue;
        }
        // The path: segments joined by `.`; `end` is just after the last segment.
        let mut segments = Vec::new();
        let mut end = i;
        let mut start = i;
        while start < b.len() && !b[start].is_ascii_digit() {
            let len: usize = text[start..]
                .chars()
                .take_while(|c| is_ident_char(*c))
                .map(char::len_utf8)
                .sum();
            if len == 0 {
                break;
            }
            segments.push((start, &text[start..start + len]));
            end = start + len;
            if b.get(end) != Some(&b'.') {
                break;
            }
            start = end + 1;
        }
        let after = b.get(end).copied();
        if segments.is_empty()
            || !matches!(
                after,
                Some(b'}' | b'|' | b'#' | b'(' | b'<' | b'[' | b' ' | b'\t' | b'\r' | b'\n')
            )
        {
            continue;
        }
        out.push(segments);
        from = end;
    }
    out
}

/// Rule 8: the references of the JSDoc links of the @doc comments.
fn collect_doc_links(docs: &[Node], locals: &LocalScopes, pos: &Positions) -> Vec<TagReference> {
    let mut out = Vec::new();
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    for &doc in docs {
        if !seen.insert(doc.start_byte()) {
            continue;
        }
        let base = pos.offset_of(doc);
        for path in doc_link_paths(pos.text_of(doc)) {
            for (k, &(offset, name)) in path.iter().enumerate() {
                let (line, column) = pos.line_column_at(base + offset);
                let local = k == 0 && locals.is_local(doc, name, VALUE);
                out.push(TagReference {
                    name: name.to_string(),
                    kind: TagReferenceKind::Reference,
                    line,
                    column,
                    receiver: (k == 1).then(|| path[0].1.to_string()),
                    receiver_type: None,
                    member: (k >= 2).then_some(true),
                    local: local.then_some(true),
                });
            }
        }
    }
    out
}

/// Rule 6: by (line, column), then name (JavaScript's string order).
fn by_place(a: (u64, u64, &str), b: (u64, u64, &str)) -> CmpOrdering {
    a.0.cmp(&b.0)
        .then(a.1.cmp(&b.1))
        .then_with(|| js_cmp(a.2, b.2))
}

thread_local! {
    /// One query cursor per thread, reused from file to file.
    static CURSOR: std::cell::RefCell<QueryCursor> = std::cell::RefCell::new(QueryCursor::new());
}

/// Runs `query` over a tree parsed from UTF-16 (`parse_utf16`) and applies the README's rules.
pub fn tags_of_tree(
    path: &str,
    language: Language,
    text: &str,
    tree: &Tree,
    query: &TagsQuery,
) -> FileTags {
    tags_of_tree_with(path, language, text, tree, query, true)
}

/// `tags_of_tree`, without the references marked `local` when `keep_local` is false (what
/// `AnalyzeRequest.tags_without_local` asks for): the same tags as filtering them afterwards.
pub fn tags_of_tree_with(
    path: &str,
    language: Language,
    text: &str,
    tree: &Tree,
    query: &TagsQuery,
    keep_local: bool,
) -> FileTags {
    let units = utf16_units(text);
    let pos = Positions::new(text, &units);
    let found = CURSOR.with(|c| match c.try_borrow_mut() {
        Ok(mut cursor) => classify(query, tree, pos.src(), &mut cursor),
        Err(_) => classify(query, tree, pos.src(), &mut QueryCursor::new()),
    });
    let import_at: FxHashSet<usize> = found.imports.iter().map(|i| i.at()).collect();
    let mut taken = import_at.clone();
    taken.extend(found.definitions.iter().map(|d| d.at()));
    taken.extend(
        found
            .imports
            .iter()
            .filter_map(|i| i.imported.map(|n| n.start_byte())),
    );
    let locals = LocalScopes::new(&found, &taken, &pos);
    let mut imports = collect_imports(found.imports, &pos);
    let mut definitions = collect_definitions(
        found.definitions,
        &import_at,
        exported_by_name(language),
        &pos,
    );
    let mut references = collect_references(found.references, &taken, &locals, &pos, keep_local);
    references.extend(
        collect_doc_links(&found.docs, &locals, &pos)
            .into_iter()
            .filter(|r| keep_local || r.local.is_none()),
    );
    definitions.sort_by(|a, b| by_place((a.line, a.column, &a.name), (b.line, b.column, &b.name)));
    references.sort_by(|a, b| by_place((a.line, a.column, &a.name), (b.line, b.column, &b.name)));
    imports.sort_by(|a, b| by_place((a.line, a.column, &a.name), (b.line, b.column, &b.name)));
    FileTags {
        path: path.to_string(),
        language,
        definitions,
        references,
        imports,
    }
}

// ---------------------------------------------------------------------------------------
// One file and a list of files.

/// Tags of one decoded file: parsed from UTF-16 as `analyze_source` parses.
pub fn tags_source(path: &str, language: Language, text: &str) -> Result<FileTags, EngineError> {
    let query = tags_query(language)?;
    let tree = parse_utf16(language, text).ok_or_else(|| EngineError::NoTree {
        path: path.to_string(),
    })?;
    Ok(tags_of_tree(path, language, text, &tree, query))
}

/// A file to tag: where to read it and the path to report.
#[derive(Debug, Clone, Deserialize)]
pub struct TagsFile {
    /// Absolute path to read.
    pub path: PathBuf,
    /// The path reported in `FileTags.path` and `SkippedFile.path`.
    pub rel: String,
    /// The language; by the extension of `rel` when absent.
    #[serde(default)]
    pub language: Option<Language>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagsRequest {
    pub files: Vec<TagsFile>,
    pub max_file_size: Option<u64>,
    /// Worker threads; 0 or absent = one per core.
    pub threads: Option<usize>,
}

/// `files` and `skipped` in the order of the request's files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagsResult {
    pub files: Vec<FileTags>,
    pub skipped: Vec<SkippedFile>,
}

fn tag_one(file: &TagsFile, max: u64) -> Result<FileTags, SkippedFile> {
    let skip = |reason: SkipReason, detail: Option<String>| SkippedFile {
        path: file.rel.clone(),
        reason,
        detail,
    };
    let Some(language) = file.language.or_else(|| language_of(&file.rel)) else {
        return Err(skip(SkipReason::UnsupportedLanguage, None));
    };
    let text = match read_source(&file.path, max) {
        SourceRead::Ok { text, .. } => text,
        SourceRead::Skip { reason, detail } => return Err(skip(reason, detail)),
    };
    match catch_unwind(AssertUnwindSafe(|| tags_source(&file.rel, language, &text))) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(skip(
            SkipReason::Unreadable,
            Some(format!("tags failed: {e}")),
        )),
        Err(panic) => Err(skip(
            SkipReason::Unreadable,
            Some(format!("tags failed: {}", panic_message(&panic))),
        )),
    }
}

/// Tags of many files, read and tagged in parallel on the engine's pool (the threads keep
/// their parsers). A file that cannot be read or tagged is skipped with the reason the
/// analysis would give; a query that does not compile fails the run.
pub fn tags(req: &TagsRequest, control: &Control) -> Result<TagsResult, EngineError> {
    // A broken query file is a bug of the run, not of a file: fail before reading any.
    let mut seen = [false; ALL.len()];
    for f in &req.files {
        if let Some(l) = f.language.or_else(|| language_of(&f.rel)) {
            if !std::mem::replace(&mut seen[l.index()], true) {
                tags_query(l)?;
            }
        }
    }
    control
        .files_total
        .store(req.files.len(), Ordering::Relaxed);
    let max = req
        .max_file_size
        .unwrap_or(crate::discovery::DEFAULT_MAX_FILE_SIZE);
    let outcomes = map_files_cancellable(&req.files, req.threads, control, |f| tag_one(f, max))?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for o in outcomes {
        match o {
            Ok(t) => files.push(t),
            Err(s) => skipped.push(s),
        }
    }
    Ok(TagsResult { files, skipped })
}

/// `tags` from and to JSON (the napi binding's request and result).
pub fn tags_json(request: &str, control: &Control) -> Result<String, EngineError> {
    let req: TagsRequest = serde_json::from_str(request).map_err(EngineError::invalid)?;
    let result = tags(&req, control)?;
    serde_json::to_string(&result).map_err(|e| EngineError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags of `text` with an inline query (the machinery, independent of the query files).
    fn run(language: Language, query: &str, text: &str) -> FileTags {
        let q = TagsQuery::new(language, query).expect("query compiles");
        let tree = parse_utf16(language, text).expect("tree");
        tags_of_tree("f", language, text, &tree, &q)
    }

    fn json(t: &FileTags) -> String {
        serde_json::to_string(t).unwrap()
    }

    #[test]
    fn definitions_containers_and_exports() {
        let q = r#"
(class_declaration name: (type_identifier) @name) @definition.class
(export_statement declaration: (class_declaration name: (type_identifier) @name) @definition.class.exported)
(method_definition name: (property_identifier) @name) @definition.method
(function_declaration name: (identifier) @name) @definition.function
"#;
        let src = "export class A {\n  m() {\n    function inner() {}\n  }\n}\nfunction f() {}\n";
        let t = run(Language::Typescript, q, src);
        assert_eq!(
            json(&t),
            concat!(
                r#"{"path":"f","language":"typescript","definitions":["#,
                r#"{"name":"A","kind":"class","line":1,"column":14,"endLine":5,"exported":true},"#,
                r#"{"name":"m","kind":"method","line":2,"column":3,"endLine":4,"container":"A","exported":false},"#,
                r#"{"name":"inner","kind":"function","line":3,"column":14,"endLine":3,"container":"m","exported":false},"#,
                r#"{"name":"f","kind":"function","line":6,"column":10,"endLine":6,"exported":false}"#,
                r#"],"references":[],"imports":[]}"#
            )
        );
    }

    #[test]
    fn merge_takes_kind_from_the_lowest_pattern_and_any_export() {
        // Pattern 0 says function, pattern 1 says variable and exported: one definition.
        let q = r#"
(function_declaration name: (identifier) @name) @definition.function
(export_statement (function_declaration name: (identifier) @name) @definition.variable.exported)
"#;
        let t = run(Language::Javascript, q, "export function g() {}\n");
        assert_eq!(t.definitions.len(), 1);
        assert_eq!(t.definitions[0].kind, TagDefinitionKind::Function);
        assert!(t.definitions[0].exported);
        assert_eq!(t.definitions[0].container, None);
    }

    #[test]
    fn references_precedence_receiver_and_exclusions() {
        let q = r#"
(function_declaration name: (identifier) @name) @definition.function
(call_expression function: (member_expression object: [(identifier) (this)] @receiver property: (property_identifier) @name)) @reference.call
(member_expression property: (property_identifier) @name) @reference.reference
(call_expression function: (identifier) @name) @reference.call
(identifier) @name @reference.reference
"#;
        let src = "function f() { this.go(); x.run(); f(); y.z; }\n";
        let t = run(Language::Javascript, q, src);
        let refs: Vec<String> = t
            .references
            .iter()
            .map(|r| {
                format!(
                    "{}:{:?}:{}:{}",
                    r.name,
                    r.kind,
                    r.column,
                    r.receiver.as_deref().unwrap_or("-")
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                "go:Call:21:this",
                "x:Reference:27:-",
                "run:Call:29:x",
                "f:Call:36:-",
                "y:Reference:41:-",
                "z:Reference:43:-",
            ]
        );
        // `f` at its definition is no reference.
        assert!(t.references.iter().all(|r| r.column != 10));
    }

    #[test]
    fn local_scopes_bind_by_namespace_unless_global_and_never_members() {
        // Rule 7 with an inline query: functions are scopes, parameters bind values,
        // declarators types (calls are `type` here), a label declares its name global, and a
        // member's name is never local.
        let q = r#"
(function_declaration) @local.scope
(formal_parameters (identifier) @local.definition.value)
(variable_declarator name: (identifier) @local.definition.type)
(labeled_statement label: (statement_identifier) @local.global)
(member_expression object: (_) @member property: (property_identifier) @name) @reference.reference
(call_expression function: (identifier) @name) @reference.type
(identifier) @name @reference.reference
"#;
        let src =
            "function f(a, b) { let t; a; g().a; t; t(); function h(a) { a: 1; a; b; } }\nb;\n";
        let t = run(Language::Javascript, q, src);
        let refs: Vec<String> = t
            .references
            .iter()
            .map(|r| {
                format!(
                    "{}{}",
                    r.name,
                    if r.local == Some(true) { "+" } else { "-" }
                )
            })
            .collect();
        assert_eq!(
            refs,
            ["f-", "a+", "b+", "t-", "a+", "g-", "a-", "t-", "t+", "h-", "a-", "a-", "b+", "b-"]
        );
        assert!(json(&t).contains(r#""column":12,"local":true}"#));
    }

    #[test]
    fn imports_named_default_namespace() {
        let q = r#"
(import_statement (import_clause (named_imports (import_specifier name: (identifier) @imported alias: (identifier) @name))) source: (string) @source) @import
(import_statement (import_clause (named_imports (import_specifier !alias name: (identifier) @name))) source: (string) @source) @import
(import_statement (import_clause (identifier) @name) source: (string) @source) @import.default
(import_statement (import_clause (namespace_import (identifier) @name)) source: (string) @source) @import.namespace
(identifier) @name @reference.reference
"#;
        let src = "import d, { a as b, c } from './m';\nimport * as ns from \"pkg\";\nb(c);\n";
        let t = run(Language::Typescript, q, src);
        let imports: Vec<String> = t
            .imports
            .iter()
            .map(|i| {
                format!(
                    "{}<{}<{}@{}:{}",
                    i.name, i.imported, i.source, i.line, i.column
                )
            })
            .collect();
        assert_eq!(
            imports,
            [
                "d<default<./m@1:8",
                "b<a<./m@1:18",
                "c<c<./m@1:21",
                "ns<*<pkg@2:13"
            ]
        );
        // Neither binding names nor original names are references; the uses are.
        let refs: Vec<(u64, u64)> = t.references.iter().map(|r| (r.line, r.column)).collect();
        assert_eq!(refs, [(3, 1), (3, 3)]);
    }

    #[test]
    fn columns_count_code_points_and_predicates_read_utf16_trees() {
        let q = r#"
((identifier) @name @reference.reference (#eq? @name "ü"))
((identifier) @name @reference.call (#match? @name "^[a-z]+$"))
"#;
        // '😀' is two UTF-16 units and four bytes, 'é' one unit and two bytes.
        let src = "/* 😀é */ ü + x; // ok\nü;\n";
        let t = run(Language::Javascript, q, src);
        let refs: Vec<String> = t
            .references
            .iter()
            .map(|r| format!("{}:{:?}@{}:{}", r.name, r.kind, r.line, r.column))
            .collect();
        assert_eq!(refs, ["ü:Reference@1:10", "x:Call@1:14", "ü:Reference@2:1"]);
    }

    #[test]
    fn container_ties_prefer_the_later_start() {
        // Rust: the impl's function nests in the module; the module in nothing.
        let q = r#"
(mod_item name: (identifier) @name) @definition.module
(function_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.struct
"#;
        let src = "mod m {\n    struct S;\n    fn f() { fn g() {} }\n}\n";
        let t = run(Language::Rust, q, src);
        let c: Vec<String> = t
            .definitions
            .iter()
            .map(|d| format!("{}<{}", d.name, d.container.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(c, ["m<", "S<m", "f<m", "g<f"]);
    }

    /// A compact view of the tags of `text` with the language's own query file.
    fn summary(language: Language, text: &str) -> Vec<String> {
        let t = tags_source("f", language, text).expect("tags");
        let mut out = Vec::new();
        for d in &t.definitions {
            out.push(format!(
                "def {} {:?} {}:{}-{}{}{}",
                d.name,
                d.kind,
                d.line,
                d.column,
                d.end_line,
                d.container
                    .as_ref()
                    .map_or(String::new(), |c| format!(" in {c}")),
                if d.exported { " exported" } else { "" }
            ));
        }
        for r in &t.references {
            out.push(format!(
                "ref {} {:?} {}:{}{}",
                r.name,
                r.kind,
                r.line,
                r.column,
                r.receiver
                    .as_ref()
                    .map_or(String::new(), |x| format!(" on {x}"))
            ));
        }
        for i in &t.imports {
            out.push(format!(
                "import {} = {} from {} {}:{}",
                i.name, i.imported, i.source, i.line, i.column
            ));
        }
        out
    }

    fn has(summary: &[String], line: &str) {
        assert!(
            summary.iter().any(|s| s == line),
            "{line:?} not in {summary:#?}"
        );
    }

    #[test]
    fn every_language_query_compiles_with_known_captures() {
        for language in ALL {
            let q = tags_query(language).unwrap_or_else(|e| panic!("{e}"));
            let unknown: Vec<&str> = q
                .other_captures()
                .into_iter()
                .filter(|c| !c.starts_with('_'))
                .collect();
            assert!(unknown.is_empty(), "{}: {unknown:?}", language.name());
        }
        // TSX is TypeScript + JSX: more patterns than TypeScript, from the same files.
        let tsx = query_source(Language::Tsx).unwrap();
        let ts = query_source(Language::Typescript).unwrap();
        assert!(tsx.starts_with(&ts));
        assert!(tsx.contains(query_file("jsx").unwrap()));
    }

    #[test]
    fn typescript_file() {
        let s = summary(
            Language::Typescript,
            "import { area as a } from './geometry.js';\nexport class Shape {\n  draw(): void { this.paint(a(1)); }\n}\n",
        );
        has(&s, "def Shape Class 2:14-4 exported");
        has(&s, "def draw Method 3:3-3 in Shape");
        has(&s, "ref paint Call 3:23 on this");
        has(&s, "ref a Call 3:29");
        has(&s, "import a = area from ./geometry.js 1:18");
    }

    #[test]
    fn tsx_and_javascript_files() {
        let s = summary(
            Language::Tsx,
            "import Button from 'ui';\nexport function App() {\n  return <Button />;\n}\n",
        );
        has(&s, "def App Function 2:17-4 exported");
        has(&s, "ref Button Call 3:11");
        has(&s, "import Button = default from ui 1:8");
        let s = summary(
            Language::Javascript,
            "const fs = require('fs');\nclass A { m() { fs.readFileSync(x); } }\nmodule.exports = A;\n",
        );
        has(&s, "def m Method 2:11-2 in A");
        has(&s, "ref readFileSync Call 2:20 on fs");
    }

    #[test]
    fn python_file() {
        let s = summary(
            Language::Python,
            "from pkg.mod import thing as t\nclass Box:\n    def open(self):\n        self.lid.lift(t)\ndef _hidden():\n    pass\n",
        );
        has(&s, "def Box Class 2:7-4 exported");
        has(&s, "def open Method 3:9-4 in Box");
        has(&s, "def _hidden Function 5:5-6");
        has(&s, "import t = thing from pkg.mod 1:30");
    }

    #[test]
    fn go_file() {
        let s = summary(
            Language::Go,
            "package p\n\nimport (\n\t\"fmt\"\n\tr \"github.com/redis/go-redis/v9\"\n)\n\ntype S struct{}\n\nfunc (s *S) Run() { fmt.Println(r.Nil) }\n",
        );
        has(&s, "def S Struct 8:6-8 exported");
        has(&s, "def Run Method 10:13-10 in S exported");
        has(&s, "ref Println Call 10:25 on fmt");
        has(&s, "import fmt = * from fmt 4:2");
        has(&s, "import r = * from github.com/redis/go-redis/v9 5:2");
    }

    #[test]
    fn rust_file() {
        let s = summary(
            Language::Rust,
            "use std::collections::HashMap;\npub struct P;\nimpl P {\n    pub fn go(&self) { self.step(); HashMap::new(); }\n}\n",
        );
        has(&s, "def P Struct 2:12-2 exported");
        has(&s, "def go Method 4:12-4 in P exported");
        has(&s, "ref step Call 4:29 on self");
    }

    #[test]
    fn java_file() {
        let s = summary(
            Language::Java,
            "import java.util.List;\npublic class C {\n  void m(List<String> xs) { xs.add(\"a\"); }\n}\n",
        );
        has(&s, "def C Class 2:14-4 exported");
        has(&s, "def m Method 3:8-3 in C");
        has(&s, "ref add Call 3:32 on xs");
        has(&s, "ref List Type 3:10");
    }

    #[test]
    fn go_package_names_as_goimports_assumes() {
        assert_eq!(go_package_name("github.com/redis/go-redis/v9"), "redis");
        assert_eq!(go_package_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(go_package_name("net/http"), "http");
        assert_eq!(go_package_name("v2"), "v2");
        assert_eq!(go_package_name("example.com/héllo-world"), "héllo");
    }

    #[test]
    fn a_run_over_files_keeps_their_order_and_skips_what_it_cannot_read() {
        let dir = std::env::temp_dir().join(format!("mca-tags-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.py"), "def f():\n    pass\n").unwrap();
        std::fs::write(dir.join("b.go"), "package b\nfunc G() {}\n").unwrap();
        std::fs::write(dir.join("c.txt"), "text\n").unwrap();
        let file = |name: &str| TagsFile {
            path: dir.join(name),
            rel: name.to_string(),
            language: None,
        };
        let req = TagsRequest {
            files: vec![
                file("b.go"),
                file("missing.ts"),
                file("a.py"),
                file("c.txt"),
            ],
            max_file_size: None,
            threads: Some(2),
        };
        let result = tags(&req, &Control::default()).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let paths: Vec<&str> = result.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["b.go", "a.py"]);
        assert_eq!(result.files[0].definitions[0].name, "G");
        let skipped: Vec<(&str, SkipReason)> = result
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason))
            .collect();
        assert_eq!(
            skipped,
            [
                ("missing.ts", SkipReason::Vanished),
                ("c.txt", SkipReason::UnsupportedLanguage)
            ]
        );
        let control = Control::default();
        control.cancel.store(true, Ordering::Relaxed);
        assert!(matches!(tags(&req, &control), Err(EngineError::Cancelled)));
    }

    #[test]
    fn bad_captures_are_errors_as_types() {
        let e = TagsQuery::new(Language::Go, "(identifier) @definition.widget").err();
        assert_eq!(
            e,
            Some(TagsQueryError::UnknownKind {
                language: Language::Go,
                capture: "definition.widget".into()
            })
        );
        assert!(matches!(
            TagsQuery::new(Language::Go, "(no_such_node) @name"),
            Err(TagsQueryError::Compile { .. })
        ));
        let q = TagsQuery::new(Language::Go, "((identifier) @_x @name (#eq? @_x \"a\"))").unwrap();
        assert_eq!(q.other_captures(), ["_x"]);
    }
}

/// The goldens of test/golden/tags (queries/tags/README.md, "Goldens"), also run through the
/// napi binding by test/unit/tags-native.test.ts.
#[cfg(test)]
mod goldens {
    use super::*;
    use std::path::Path;

    /// Go's txtar: a `-- path --` line starts each file; every line ends with '\n'.
    fn parse_txtar(text: &str) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = Vec::new();
        let body = text.strip_suffix('\n').unwrap_or(text);
        for line in body.split('\n') {
            let marker = line
                .strip_prefix("-- ")
                .and_then(|l| l.strip_suffix(" --"))
                .filter(|m| !m.is_empty());
            match (marker, files.last_mut()) {
                (Some(m), _) => files.push((m.trim().to_string(), String::new())),
                (None, Some((_, content))) => {
                    content.push_str(line);
                    content.push('\n');
                }
                (None, None) => {}
            }
        }
        files
    }

    #[test]
    fn goldens_match() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test/golden/tags");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("test/golden/tags")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txtar"))
            .collect();
        names.sort();
        assert!(!names.is_empty());
        let mut failed = Vec::new();
        for file in names {
            let files = parse_txtar(&std::fs::read_to_string(&file).unwrap());
            let (path, source) = files
                .iter()
                .find(|(p, _)| p != "expected.json")
                .expect("a source file");
            let expected = &files.iter().find(|(p, _)| p == "expected.json").unwrap().1;
            let language = language_of(path).expect("a language");
            let actual =
                serde_json::to_value(tags_source(path, language, source).unwrap()).unwrap();
            let expected: serde_json::Value = serde_json::from_str(expected).unwrap();
            if actual != expected {
                eprintln!(
                    "{}:\nexpected {}\nactual   {}",
                    file.display(),
                    serde_json::to_string(&expected).unwrap(),
                    serde_json::to_string(&actual).unwrap()
                );
                failed.push(file.display().to_string());
            }
        }
        assert!(failed.is_empty(), "goldens differ: {failed:?}");
    }
}
