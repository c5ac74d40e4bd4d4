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
