//! The tags an analysis hands over (`AnalyzeRequest.tags`), as they cross to JS: per file
//! `[path, language, strings, definitions, references, imports]`, where `strings` holds each
//! distinct string of the file once and the three lists are flat arrays of integers (string
//! indexes, positions, flags). A third of the bytes of `FileTags` as JSON objects, a string
//! per distinct name instead of one per use, and JSON.parse reads arrays of small integers
//! fastest. src/engine/native/lean-tags.ts turns them back into `FileTags`.
//!
//! - definition, 7 integers: name, kind, line, column, endLine, container (-1: none), exported (0/1)
//! - reference, 6 integers: name, kind, line, column, receiver (-1: none), local (0/1)
//! - import, 5 integers: name, imported, source, line, column
//!
//! Kinds are strings of the table too (their names as in `FileTags`), so a new kind needs no
//! change here.

use std::collections::HashMap;
use std::fmt::Write;

use mca_engine::tags::{FileTags, TagDefinitionKind, TagReferenceKind};

/// The distinct strings of one file, in the order they were first met.
struct Strings<'a> {
    index: HashMap<&'a str, u32>,
    list: Vec<&'a str>,
    /// Kind names (serialized by serde, so they are `FileTags`'s own), after `list`.
    kinds: Vec<String>,
    definition_kinds: Vec<(TagDefinitionKind, i64)>,
    reference_kinds: Vec<(TagReferenceKind, i64)>,
}

impl<'a> Strings<'a> {
    fn new() -> Self {
        Strings {
            index: HashMap::new(),
            list: Vec::new(),
            kinds: Vec::new(),
            definition_kinds: Vec::new(),
            reference_kinds: Vec::new(),
        }
    }

    fn of(&mut self, s: &'a str) -> i64 {
        let next = self.list.len() as u32;
        let i = *self.index.entry(s).or_insert(next);
        if i == next {
            self.list.push(s);
        }
        i as i64
    }

    /// A kind's index, its name added after every other string (call once `list` is whole).
    fn kind_name(&mut self, name: String) -> i64 {
        let i = (self.list.len() + self.kinds.len()) as i64;
        self.kinds.push(name);
        i
    }

    fn definition_kind(&mut self, kind: TagDefinitionKind) -> i64 {
        if let Some((_, i)) = self.definition_kinds.iter().find(|(k, _)| *k == kind) {
            return *i;
        }
        let i = self.kind_name(serde_json::to_string(&kind).unwrap_or_default());
        self.definition_kinds.push((kind, i));
        i
    }

    fn reference_kind(&mut self, kind: TagReferenceKind) -> i64 {
        if let Some((_, i)) = self.reference_kinds.iter().find(|(k, _)| *k == kind) {
            return *i;
        }
        let i = self.kind_name(serde_json::to_string(&kind).unwrap_or_default());
        self.reference_kinds.push((kind, i));
        i
    }
}

fn ints(out: &mut String, values: &[i64]) {
    out.push('[');
    for (k, v) in values.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
}

fn json_str(out: &mut String, s: &str) {
    // serde_json's escaping, into `out` directly.
    let _ = serde_json::to_string(s).map(|j| out.push_str(&j));
}

/// One file's tags as described above, appended to `out`.
pub fn write_file(out: &mut String, tags: &FileTags) {
    let mut strings = Strings::new();
    // Kinds take indexes after the strings: number them once the strings are all known.
    let mut definitions = Vec::with_capacity(tags.definitions.len() * 7);
    let mut def_kinds = Vec::with_capacity(tags.definitions.len());
    for d in &tags.definitions {
        definitions.extend([
            strings.of(&d.name),
            0,
            d.line as i64,
            d.column as i64,
            d.end_line as i64,
            d.container.as_deref().map_or(-1, |c| strings.of(c)),
            d.exported as i64,
        ]);
        def_kinds.push(d.kind);
    }
    let mut references = Vec::with_capacity(tags.references.len() * 6);
    let mut ref_kinds = Vec::with_capacity(tags.references.len());
    for r in &tags.references {
        references.extend([
            strings.of(&r.name),
            0,
            r.line as i64,
            r.column as i64,
            r.receiver.as_deref().map_or(-1, |c| strings.of(c)),
            (r.local == Some(true)) as i64,
        ]);
        ref_kinds.push(r.kind);
    }
    let mut imports = Vec::with_capacity(tags.imports.len() * 5);
    for i in &tags.imports {
        imports.extend([
            strings.of(&i.name),
            strings.of(&i.imported),
            strings.of(&i.source),
            i.line as i64,
            i.column as i64,
        ]);
    }
    for (k, kind) in def_kinds.iter().enumerate() {
        definitions[k * 7 + 1] = strings.definition_kind(*kind);
    }
    for (k, kind) in ref_kinds.iter().enumerate() {
        references[k * 6 + 1] = strings.reference_kind(*kind);
    }
    out.push('[');
    json_str(out, &tags.path);
    out.push(',');
    out.push_str(&serde_json::to_string(&tags.language).unwrap_or_default());
    out.push_str(",[");
    for (k, s) in strings.list.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        json_str(out, s);
    }
    for (k, name) in strings.kinds.iter().enumerate() {
        if k > 0 || !strings.list.is_empty() {
            out.push(',');
        }
        out.push_str(name);
    }
    out.push_str("],");
    ints(out, &definitions);
    out.push(',');
    ints(out, &references);
    out.push(',');
    ints(out, &imports);
    out.push(']');
}

/// Every file's tags, as a JSON array.
pub fn write_all(out: &mut String, files: &[FileTags]) {
    out.push('[');
    for (k, f) in files.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        write_file(out, f);
    }
    out.push(']');
}
