//! The imports-only pass gives what a full analysis gives for everything the dependency
//! graph reads, on every source file of this repository's goldens, fixtures and sources.

use std::path::Path;

use mca_engine::deps::DepFile;
use mca_engine::lang::{language_of, Language};
use mca_engine::types::{FileAnalysis, FileTotals};
use mca_engine::{analyze_source_with, AnalyzeRequest, Control, Passes};

mod common;
use common::golden_inputs;

fn run(path: &Path, imports_only: bool) -> mca_engine::types::AnalyzeResult {
    let root = path.to_string_lossy().into_owned();
    let req = AnalyzeRequest {
        path: root.clone(),
        root,
        gitignore: Some(false),
        imports_only: Some(imports_only),
        ..Default::default()
    };
    mca_engine::analyze(&req, &Control::default()).expect("run")
}

fn same_where_the_graph_reads(f: &FileAnalysis, o: &FileAnalysis) {
    assert_eq!(f.path, o.path);
    assert_eq!(f.language, o.language, "{}", f.path);
    assert_eq!(f.imports, o.imports, "{}", f.path);
    assert_eq!(f.package_name, o.package_name, "{}", f.path);
    assert_eq!(f.parse_errors, o.parse_errors, "{}", f.path);
    // What resolution reads; of the symbols, only Java's resolver reads any (type names).
    let mut read = DepFile::from_analysis(f);
    if f.language != Language::Java {
        read.symbols.clear();
    }
    assert_eq!(read, DepFile::from_analysis(o), "{}", f.path);
    assert!(o.functions.is_empty(), "{}", f.path);
    assert_eq!(o.totals, FileTotals::default(), "{}", f.path);
    if f.language != Language::Java {
        assert!(o.symbols.is_empty(), "{}", f.path);
    }
}

#[test]
fn imports_only_matches_a_full_analysis_on_every_golden_input() {
    let mut compared = 0;
    for (name, source) in golden_inputs() {
        let Some(language) = language_of(&name) else {
            continue;
        };
        let full = analyze_source_with(&name, language, &source, Passes::All).unwrap();
        let only = analyze_source_with(&name, language, &source, Passes::ImportsOnly).unwrap();
        same_where_the_graph_reads(&full, &only);
        compared += 1;
    }
    assert!(compared > 30, "{compared} golden files compared");
}

#[test]
fn imports_only_matches_a_full_analysis_where_the_graph_reads() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut compared = 0;
    for dir in ["test/fixtures", "src", "crates/engine/src"] {
        let (full, only) = (run(&repo.join(dir), false), run(&repo.join(dir), true));
        assert_eq!(full.skipped, only.skipped, "{dir}");
        assert_eq!(full.files.len(), only.files.len(), "{dir}");
        for (f, o) in full.files.iter().zip(&only.files) {
            same_where_the_graph_reads(f, o);
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} files compared");
}
