//! Languages, their file extensions (src/engine/languages.ts) and their grammars.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Typescript,
    Tsx,
    Javascript,
    Python,
    Go,
    Rust,
    Java,
}

pub const ALL: [Language; 7] = [
    Language::Typescript,
    Language::Tsx,
    Language::Javascript,
    Language::Python,
    Language::Go,
    Language::Rust,
    Language::Java,
];

impl Language {
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Typescript => "typescript",
            Language::Tsx => "tsx",
            Language::Javascript => "javascript",
            Language::Python => "python",
            Language::Go => "go",
            Language::Rust => "rust",
            Language::Java => "java",
        }
    }

    pub fn from_name(name: &str) -> Option<Language> {
        ALL.iter().copied().find(|l| l.name() == name)
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Typescript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Javascript => tree_sitter_javascript::LANGUAGE.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
        }
    }
}

/// The language of a path by its extension (case-insensitive), as `languageOf` does.
pub fn language_of(path: &str) -> Option<Language> {
    let dot = path.rfind('.')?;
    if path.rfind('/').is_some_and(|slash| dot < slash) {
        return None;
    }
    let ext = path[dot..].to_ascii_lowercase();
    Some(match ext.as_str() {
        ".ts" | ".mts" | ".cts" => Language::Typescript,
        ".tsx" => Language::Tsx,
        ".js" | ".mjs" | ".cjs" | ".jsx" => Language::Javascript,
        ".py" => Language::Python,
        ".go" => Language::Go,
        ".rs" => Language::Rust,
        ".java" => Language::Java,
        _ => return None,
    })
}
