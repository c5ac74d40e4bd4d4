//! Imports as written, before resolution (src/engine/wasm/imports/*.ts).

pub mod go;
pub mod java;
pub mod python;
pub mod rust;
pub mod typescript;

use crate::node::Src;
use tree_sitter::Node;

use crate::lang::Language;
use crate::types::RawImport;

pub struct ExtractedImports {
    pub imports: Vec<RawImport>,
    /// Go: the package clause; Java: the package declaration.
    pub package_name: Option<String>,
}

/// The node types each language's imports are read from; the metrics walk collects them
/// in document order (as `descendantsOfType` would), so imports cost no walk of their own.
pub fn import_types(language: Language) -> &'static [&'static str] {
    match language {
        // TS/JS: functions and class fields too, for where a require() runs (imports/typescript.rs).
        Language::Typescript | Language::Tsx | Language::Javascript => &[
            "import_statement",
            "export_statement",
            "call_expression",
            "function_declaration",
            "function_expression",
            "generator_function_declaration",
            "generator_function",
            "arrow_function",
            "method_definition",
            "field_definition",
            "public_field_definition",
        ],
        // Python: defs, lambdas and ifs too, for where an import runs (imports/python.rs).
        Language::Python => &[
            "import_statement",
            "import_from_statement",
            "call",
            "function_definition",
            "lambda",
            "if_statement",
            "elif_clause",
        ],
        Language::Go => &["package_clause", "import_spec"],
        Language::Rust => &["mod_item", "use_declaration", "extern_crate_declaration"],
        Language::Java => &["package_declaration", "import_declaration"],
    }
}

/// The imports of one parsed file from its import-type nodes (see `import_types`).
pub fn extract_imports(nodes: &[Node], language: Language, src: Src) -> ExtractedImports {
    let plain = |imports| ExtractedImports {
        imports,
        package_name: None,
    };
    match language {
        Language::Typescript | Language::Tsx | Language::Javascript => {
            plain(typescript::extract(nodes, src))
        }
        Language::Python => plain(python::extract(nodes, src)),
        Language::Go => go::extract(nodes, src),
        Language::Rust => plain(rust::extract(nodes, src)),
        Language::Java => java::extract(nodes, src),
    }
}

pub fn line_of(node: Node) -> u64 {
    node.start_position().row as u64 + 1
}

/// The contents of a quoted literal without its delimiters (escapes are not decoded).
pub fn unquote(node: Node, src: Src) -> String {
    let t = crate::node::text(node, src);
    let mut chars = t.chars();
    if crate::text::utf16_len(t) < 2 {
        return String::new();
    }
    chars.next();
    chars.next_back();
    chars.as_str().to_string()
}

pub fn has_token(node: Node, token: &str) -> bool {
    crate::node::children(node)
        .iter()
        .any(|c| !c.is_named() && c.kind() == token)
}

pub fn import(specifier: String, kind: crate::types::ImportKind, line: u64) -> RawImport {
    RawImport {
        specifier,
        kind,
        line,
        names: None,
        level: None,
    }
}
