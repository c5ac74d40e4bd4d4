//! The imports-only pass finds a Go file's import nodes without walking the whole tree
//! (`analyze::import_nodes`): the very nodes, in the same order, that the metrics walk collects
//! (`metrics::import_nodes`), on the Go golden inputs, on import forms written here, and on
//! files with syntax errors (where it walks). `MCA_GO_TREE=/usr/share/go-1.19/src` adds every
//! Go file of a tree.

use mca_engine::analyze::{import_nodes, parse_utf16};
use mca_engine::Language;

mod common;
use common::golden_inputs;

fn same_nodes(name: &str, source: &str) -> usize {
    let tree = parse_utf16(Language::Go, source).expect("a tree");
    let root = tree.root_node();
    let walked = mca_engine::metrics::import_nodes(root, Language::Go);
    let found = import_nodes(root, Language::Go);
    assert_eq!(found, walked, "{name}");
    walked.len()
}

const SOURCES: &[(&str, &str)] = &[
    ("plain", "package p\n\nimport \"fmt\"\n\nfunc F() { fmt.Println() }\n"),
    (
        "groups and forms",
        "// Package p.\npackage p // trailing\n\nimport (\n\t\"fmt\" // why\n\tf \"flag\"\n\t. \"strings\"\n\t_ \"embed\"\n\n\t/* block */ \"net/http\"\n)\n\nimport \"C\"\nimport ()\nimport (\"os\"; \"io\")\n\nvar x = 1\n",
    ),
    ("no imports", "package main\n\nfunc main() {}\n"),
    ("no package", "import \"fmt\"\n"),
    ("empty", ""),
    ("comments only", "// nothing\n/* here */\n"),
    (
        "imports after code",
        "package p\n\nfunc f() {}\n\nimport \"late\"\n",
    ),
    (
        "syntax error",
        "package p\n\nimport (\n\t\"fmt\"\n\nfunc f( {\n\timport \"x\"\n}\n",
    ),
    (
        "error elsewhere",
        "package p\n\nimport \"fmt\"\n\nfunc f() { x := }\n",
    ),
    ("two packages", "package a\npackage b\nimport \"x\"\n"),
];

#[test]
fn go_import_nodes_are_the_walks() {
    let mut found = 0;
    for (name, source) in SOURCES {
        found += same_nodes(name, source);
    }
    assert!(found >= 20, "{found} import nodes");

    let mut files = 0;
    for (name, source) in golden_inputs() {
        if name.ends_with(".go") {
            same_nodes(&name, &source);
            files += 1;
        }
    }
    assert!(files > 0, "no Go golden input");
}

/// By hand over a whole tree: `MCA_GO_TREE=/usr/share/go-1.19/src cargo test --release
/// --test go_import_nodes -- --ignored`.
#[test]
#[ignore = "reads a Go tree named by MCA_GO_TREE"]
fn go_import_nodes_are_the_walks_on_a_tree() {
    let dir = std::env::var("MCA_GO_TREE").expect("MCA_GO_TREE names a directory of Go files");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    let mut files = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "go") {
                if let Ok(source) = std::fs::read_to_string(&p) {
                    same_nodes(&p.to_string_lossy(), &source);
                    files += 1;
                }
            }
        }
    }
    assert!(files > 0);
}
