//! Dependency resolution and the graph (src/engine/deps): the raw imports of analysed
//! files resolved against those files and the file system under the root, then edges,
//! cycles (Tarjan), fan-in/out, instability, orphans and unresolved imports.

pub mod file_index;
pub mod graph;
pub mod resolve_go;
pub mod resolve_java;
pub mod resolve_python;
pub mod resolve_rust;
pub mod resolve_ts;
pub mod tarjan;
pub mod tsconfig;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::EngineError;
use crate::lang::Language;
use crate::types::RawImport;
use file_index::FileIndex;
use graph::{build_graph, DependencyEdge, DependencyGraph, GraphInput, Unresolved};

/// What resolution needs of a file: its imports, package and top-level symbol names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepFile {
    pub path: String,
    pub language: Language,
    pub imports: Vec<RawImport>,
    #[serde(default)]
    pub package_name: Option<String>,
    /// Top-level symbol names (Java: a type declared in a file not named after it).
    #[serde(default)]
    pub symbols: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyOptions {
    #[serde(default)]
    pub include_external: Option<bool>,
    #[serde(default)]
    pub include_type_edges: Option<bool>,
    #[serde(default)]
    pub include_dynamic_edges: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct GraphRequest {
    pub files: Vec<DepFile>,
    pub root: String,
    #[serde(default)]
    pub options: DependencyOptions,
}

/// Where one import leads. Paths are relative to the root, with '/'.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    File(Vec<String>),
    External(String),
    Builtin(String),
    Unresolved,
}

pub fn file_targets(targets: Vec<String>) -> Resolution {
    if targets.is_empty() {
        Resolution::Unresolved
    } else {
        Resolution::File(targets)
    }
}

pub struct ResolveContext<'a> {
    pub root: String,
    pub index: FileIndex,
    pub files: &'a [DepFile],
}

pub fn build_dependency_graph(
    files: &[DepFile],
    root: &str,
    options: &DependencyOptions,
) -> DependencyGraph {
    let ctx = ResolveContext {
        root: root.to_string(),
        index: FileIndex::new(root, files.iter().map(|f| f.path.clone())),
        files,
    };
    let mut ts = resolve_ts::TsResolver::new();
    let python = resolve_python::PythonResolver::new(&ctx);
    let mut go = resolve_go::GoResolver::new(&ctx);
    let mut rust = resolve_rust::RustResolver::default();
    let java = resolve_java::JavaResolver::new(&ctx);
    let mut edges = Vec::new();
    let mut unresolved = Vec::new();
    for file in files {
        let declared: HashSet<String> = file
            .imports
            .iter()
            .filter_map(|i| i.specifier.strip_prefix("mod:"))
            .map(|s| s.split("::").next().unwrap_or("").to_string())
            .collect();
        for imp in &file.imports {
            let res = match file.language {
                Language::Typescript | Language::Tsx | Language::Javascript => {
                    ts.resolve(&ctx, &file.path, &imp.specifier)
                }
                Language::Python => python.resolve(&ctx, &file.path, imp),
                Language::Go => go.resolve(&ctx, &file.path, &imp.specifier),
                Language::Rust => rust.resolve(&ctx, &file.path, imp, &declared),
                Language::Java => java.resolve(imp),
            };
            push_edges(&mut edges, &mut unresolved, file, imp, res);
        }
    }
    let input = GraphInput {
        files: files.iter().map(|f| f.path.clone()).collect(),
        edges,
        unresolved,
    };
    build_graph(input, options)
}

fn push_edges(
    edges: &mut Vec<DependencyEdge>,
    unresolved: &mut Vec<Unresolved>,
    file: &DepFile,
    imp: &RawImport,
    res: Resolution,
) {
    let edge = |to: String, target: &'static str| DependencyEdge {
        from: file.path.clone(),
        to,
        kind: imp.kind,
        line: imp.line,
        target,
    };
    match res {
        Resolution::Unresolved => unresolved.push(Unresolved {
            from: file.path.clone(),
            specifier: imp.specifier.clone(),
            line: imp.line,
        }),
        Resolution::File(targets) => edges.extend(targets.into_iter().map(|t| edge(t, "file"))),
        Resolution::External(name) => edges.push(edge(name, "external")),
        Resolution::Builtin(name) => edges.push(edge(name, "builtin")),
    }
}

/// The binding's entry point: `{files, root, options}` JSON in, DependencyGraph JSON out.
pub fn graph_json(request: &str) -> Result<String, EngineError> {
    let req: GraphRequest = serde_json::from_str(request).map_err(EngineError::invalid)?;
    let graph = build_dependency_graph(&req.files, &req.root, &req.options);
    serde_json::to_string(&graph).map_err(|e| EngineError::Internal(e.to_string()))
}

impl DepFile {
    /// What resolution reads of a full analysis.
    pub fn from_analysis(a: &crate::types::FileAnalysis) -> DepFile {
        DepFile {
            path: a.path.clone(),
            language: a.language,
            imports: a.imports.clone(),
            package_name: a.package_name.clone(),
            symbols: a.symbols.iter().map(|s| s.name.clone()).collect(),
        }
    }
}
