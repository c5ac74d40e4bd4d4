//! The dependency goldens (test/golden/analyze_dependencies) through the whole crate:
//! the source tree is written out, discovered, analysed, resolved and graphed.

use std::path::{Path, PathBuf};

use mca_engine::deps::{build_dependency_graph, DepFile, DependencyOptions};
use mca_engine::{analyze, AnalyzeRequest, Control};
use serde_json::{json, Value};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test/golden/analyze_dependencies")
}

fn materialise(txtar: &str, dir: &Path) {
    let mut current: Option<(PathBuf, String)> = None;
    let flush = |c: Option<(PathBuf, String)>| {
        if let Some((path, content)) = c {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, content).expect("write");
        }
    };
    for line in txtar.strip_suffix('\n').unwrap_or(txtar).split('\n') {
        if let Some(name) = line.strip_prefix("-- ").and_then(|l| l.strip_suffix(" --")) {
            flush(current.take());
            current = Some((dir.join(name.trim()), String::new()));
        } else if let Some((_, content)) = current.as_mut() {
            content.push_str(line);
            content.push('\n');
        }
    }
    flush(current);
}

fn normalise(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalise).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

#[test]
fn dependency_goldens() {
    let mut names: Vec<_> = std::fs::read_dir(cases_dir())
        .expect("cases")
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in names {
        let tmp = std::env::temp_dir().join(format!("mca-deps-{}-{}", std::process::id(), checked));
        let _ = std::fs::remove_dir_all(&tmp);
        materialise(
            &std::fs::read_to_string(case.join("input.txtar")).expect("input"),
            &tmp,
        );
        let root = tmp.to_string_lossy().into_owned();
        let req = AnalyzeRequest {
            path: root.clone(),
            root: root.clone(),
            ..Default::default()
        };
        let result = analyze(&req, &Control::default()).expect("analysis");
        assert!(
            result.skipped.is_empty(),
            "{}: skipped {:?}",
            case.display(),
            result.skipped
        );
        let files: Vec<DepFile> = result.files.iter().map(DepFile::from_analysis).collect();
        let mut expected_files: Vec<_> = std::fs::read_dir(&case)
            .expect("case")
            .flatten()
            .map(|e| e.path())
            .collect();
        expected_files.sort();
        for file in expected_files {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !(name.starts_with("expected") && name.ends_with(".json")) {
                continue;
            }
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).expect("expected"))
                    .expect("json");
            let options: DependencyOptions =
                serde_json::from_value(expected.get("options").cloned().unwrap_or(json!({})))
                    .expect("options");
            let graph = serde_json::to_value(build_dependency_graph(&files, &root, &options))
                .expect("graph");
            if normalise(graph) != normalise(expected["graph"].clone()) {
                failures.push(format!("{}/{name}", case.display()));
            }
            checked += 1;
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "dependency goldens differ: {failures:?}"
    );
}
