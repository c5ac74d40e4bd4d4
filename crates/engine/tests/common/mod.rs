//! What the integration tests share: reading the golden inputs.

/// Go's txtar: a `-- path --` line starts each file.
pub fn parse_txtar(text: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        let marker = line.strip_prefix("-- ").and_then(|l| l.strip_suffix(" --"));
        match (marker, files.last_mut()) {
            (Some(name), _) => files.push((name.trim().to_string(), String::new())),
            (None, Some((_, content))) => {
                content.push_str(line);
                content.push('\n');
            }
            (None, None) => {}
        }
    }
    files
}

/// Every source file of the tools' golden inputs (`test/golden/<tool>/<case>/input.txtar`), as
/// (path in the archive, text).
#[allow(dead_code)] // each test binary compiles this module; not every one reads the goldens
pub fn golden_inputs() -> Vec<(String, String)> {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test/golden");
    let mut out = Vec::new();
    for tool in std::fs::read_dir(&golden).unwrap().flatten() {
        let Ok(cases) = std::fs::read_dir(tool.path()) else {
            continue;
        };
        for case in cases.flatten() {
            if let Ok(text) = std::fs::read_to_string(case.path().join("input.txtar")) {
                out.extend(parse_txtar(&text));
            }
        }
    }
    out
}
