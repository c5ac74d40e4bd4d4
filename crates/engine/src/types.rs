//! The result JSON, field for field as src/engine/types.ts (key order kept too, so that
//! both engines print the same text, not only the same values).

use serde::{Deserialize, Serialize};

use crate::error::SkipReason;
use crate::lang::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FunctionKind {
    Function,
    Method,
    Constructor,
    Getter,
    Setter,
    Arrow,
    Lambda,
    Closure,
    Generator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    Class,
    Interface,
    Type,
    Enum,
    Function,
    Method,
    Constructor,
    Property,
    Variable,
    Module,
    Struct,
    Trait,
    Impl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Static,
    Dynamic,
    Type,
    Reexport,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Static => "static",
            ImportKind::Dynamic => "dynamic",
            ImportKind::Type => "type",
            ImportKind::Reexport => "reexport",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineCounts {
    pub sloc: i64,
    pub ploc: i64,
    pub lloc: i64,
    pub cloc: i64,
    pub blank: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(non_snake_case)]
pub struct Halstead {
    pub n1: u64,
    pub n2: u64,
    pub N1: u64,
    pub N2: u64,
    pub vocabulary: u64,
    pub length: u64,
    pub volume: f64,
    pub difficulty: f64,
    pub effort: f64,
    pub bugs: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionMetrics {
    pub name: String,
    pub kind: FunctionKind,
    pub start_line: u64,
    pub end_line: u64,
    pub cyclomatic: u64,
    pub cognitive: u64,
    pub params: u64,
    pub exits: u64,
    pub max_nesting: u64,
    pub loc: LineCounts,
    pub halstead: Halstead,
    pub mi: f64,
    pub mi_normalized: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SymbolInfo {
    pub name: String,
    pub kind: SymbolKind,
    pub start_line: u64,
    pub end_line: u64,
    pub exported: bool,
    pub signature: String,
    pub children: Vec<SymbolInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawImport {
    pub specifier: String,
    pub kind: ImportKind,
    pub line: u64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub names: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub line: u64,
    pub column: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ParseErrors {
    pub count: u64,
    pub first: Vec<Location>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileTotals {
    pub functions: u64,
    pub cyclomatic_sum: u64,
    pub cyclomatic_max: u64,
    pub cognitive_sum: u64,
    pub loc: LineCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileAnalysis {
    pub path: String,
    pub language: Language,
    pub functions: Vec<FunctionMetrics>,
    pub totals: FileTotals,
    pub symbols: Vec<SymbolInfo>,
    pub imports: Vec<RawImport>,
    pub parse_errors: ParseErrors,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub package_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: SkipReason,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub files_analyzed: u64,
    pub bytes: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub duration_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeResult {
    pub files: Vec<FileAnalysis>,
    pub skipped: Vec<SkippedFile>,
    pub stats: Stats,
    /// With `AnalyzeRequest.tags`: the tags of every analysed file, sorted by path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<crate::tags::FileTags>>,
}
