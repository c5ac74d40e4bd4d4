//! The Rust side of the golden suite: the same test/golden folders the vitest runners read
//! (analyze_complexity, analyze_structure), analysed by the crate directly.

use std::path::{Path, PathBuf};

use mca_engine::analyze_source;
use mca_engine::lang::language_of;
use serde_json::{json, Value};

mod common;
use common::parse_txtar;

fn golden_dir(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../test/golden")
        .join(tool)
}

/// Numbers compare by value (24 and 24.0 are the same number in JSON).
fn normalise(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

fn run_tool(tool: &str) -> usize {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(golden_dir(tool))
        .expect("golden folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("input.txtar").is_file())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let input = std::fs::read_to_string(case.join("input.txtar")).expect("input");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(case.join("expected.json")).expect("expected"),
        )
        .expect("json");
        let mut actual = Vec::new();
        for (rel, content) in parse_txtar(&input) {
            let Some(language) = language_of(&rel) else {
                continue;
            };
            let a = analyze_source(&rel, language, &content).expect("analysis");
            actual.push(if tool == "analyze_complexity" {
                json!({ "path": a.path, "language": a.language, "functions": a.functions, "totals": a.totals })
            } else {
                json!({ "path": a.path, "language": a.language, "symbols": a.symbols })
            });
        }
        if normalise(Value::Array(actual)) != normalise(expected) {
            failures.push(case.display().to_string());
        }
    }
    assert!(failures.is_empty(), "{tool} goldens differ: {failures:?}");
    cases.len()
}

#[test]
fn analyze_complexity_goldens() {
    assert!(run_tool("analyze_complexity") > 0);
}

#[test]
fn analyze_structure_goldens() {
    assert!(run_tool("analyze_structure") > 0);
}
