//! tsconfig.json `baseUrl`/`paths` with `extends` (src/engine/deps/tsconfig.ts, jsonc.ts).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::file_index::{dir_of, FileIndex};
use crate::text::{is_js_space, utf16_len};

/// The module-resolution part of a tsconfig, `extends` applied; directories are absolute.
#[derive(Debug, Clone, Default)]
pub struct TsPaths {
    pub base_url: Option<String>,
    /// Patterns in the file's order.
    pub paths: Option<Vec<(String, Vec<String>)>>,
    pub paths_dir: Option<String>,
}

const MAX_EXTENDS: usize = 32;

#[derive(Default)]
pub struct TsconfigLookup {
    by_dir: HashMap<String, Option<TsPaths>>,
}

impl TsconfigLookup {
    pub fn for_file(&mut self, index: &FileIndex, file: &str) -> Option<TsPaths> {
        let dir = dir_of(file);
        if let Some(found) = self.by_dir.get(&dir) {
            return found.clone();
        }
        let config = index.find_up(&dir, "tsconfig.json").map(|found| {
            let path = resolve(&index.root, &[&found, "tsconfig.json"]);
            load_tsconfig(&path, 0, &mut Vec::new())
        });
        self.by_dir.insert(dir, config.clone());
        config
    }
}

/// `path.resolve(base, ...parts)` for absolute bases: joined and normalised.
pub fn resolve(base: &str, parts: &[&str]) -> String {
    let mut p = PathBuf::from(base);
    for part in parts {
        p.push(part);
    }
    normalise(&p)
}

fn normalise(p: &Path) -> String {
    let mut out: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    format!("/{}", out.join("/"))
}

/// `path.relative(from, to)` for absolute paths, with '/'.
pub fn relative(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    parts.join("/")
}

fn is_file(path: &str) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Later `extends` entries override earlier ones, and the file itself overrides them all.
pub fn load_tsconfig(path: &str, depth: usize, seen: &mut Vec<String>) -> TsPaths {
    if depth > MAX_EXTENDS || seen.iter().any(|s| s == path) {
        return TsPaths::default();
    }
    seen.push(path.to_string());
    let Ok(bytes) = std::fs::read(path) else {
        return TsPaths::default();
    };
    let raw = parse_jsonc(&String::from_utf8_lossy(&bytes));
    let empty = Map::new();
    let raw = raw.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let dir = Path::new(path)
        .parent()
        .map_or("/".to_string(), |d| d.to_string_lossy().into_owned());
    let mut result = TsPaths::default();
    let parents: Vec<&Value> = match raw.get("extends") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => vec![],
    };
    for parent in parents {
        let Some(spec) = parent.as_str() else {
            continue;
        };
        if let Some(parent_path) = resolve_extends(&dir, spec) {
            let p = load_tsconfig(&parent_path, depth + 1, seen);
            // Object.assign: only the keys the parent has.
            if p.base_url.is_some() {
                result.base_url = p.base_url;
            }
            if p.paths.is_some() {
                result.paths = p.paths;
                result.paths_dir = p.paths_dir;
            }
        }
    }
    let options = raw.get("compilerOptions").and_then(Value::as_object);
    if let Some(base) = options
        .and_then(|o| o.get("baseUrl"))
        .and_then(Value::as_str)
    {
        result.base_url = Some(resolve(&dir, &[base]));
    }
    if let Some(paths) = options
        .and_then(|o| o.get("paths"))
        .and_then(Value::as_object)
    {
        let list = paths
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|t| t.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            })
            .collect();
        result.paths = Some(list);
        result.paths_dir = Some(dir.clone());
    }
    result
}

/// A relative or absolute path, or a package in a node_modules directory above.
fn resolve_extends(dir: &str, spec: &str) -> Option<String> {
    let candidates = |base: String| {
        [
            base.clone(),
            format!("{base}.json"),
            resolve(&base, &["tsconfig.json"]),
        ]
    };
    if spec.starts_with('.') || spec.starts_with('/') {
        return candidates(resolve(dir, &[spec]))
            .into_iter()
            .find(|c| is_file(c));
    }
    let mut d = PathBuf::from(dir);
    loop {
        let base = resolve(&d.to_string_lossy(), &["node_modules", spec]);
        if let Some(found) = candidates(base).into_iter().find(|c| is_file(c)) {
            return Some(found);
        }
        if !d.pop() {
            return None;
        }
    }
}

/// JSON with comments and trailing commas (jsonc.ts, including its blind spots).
pub fn parse_jsonc(text: &str) -> Option<Value> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let mut j = i + 2;
            while j + 1 < chars.len() && !(chars[j] == '*' && chars[j + 1] == '/') {
                j += 1;
            }
            i = if j + 1 < chars.len() {
                j + 2
            } else {
                chars.len()
            };
        } else {
            out.push(c);
            i += 1;
        }
    }
    serde_json::from_str(&strip_trailing_commas(&out)).ok()
}

/// `text.replace(/,(\s*[}\]])/g, '$1')`.
fn strip_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' {
            let mut j = i + 1;
            while j < chars.len() && is_js_space(chars[j]) {
                j += 1;
            }
            if j < chars.len() && (chars[j] == '}' || chars[j] == ']') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Root-relative candidates that `paths` gives for a specifier, best pattern first.
pub fn path_candidates(config: &TsPaths, root: &str, spec: &str) -> Option<Vec<String>> {
    let paths = config.paths.as_ref()?;
    let mut best: Option<(usize, String, f64)> = None; // (pattern index, star, prefix length)
    for (i, (pattern, _)) in paths.iter().enumerate() {
        let Some(star) = pattern.find('*') else {
            if pattern == spec {
                best = Some((i, String::new(), f64::INFINITY));
            }
            continue;
        };
        let (prefix, suffix) = (&pattern[..star], &pattern[star + 1..]);
        let fits = utf16_len(spec) >= utf16_len(prefix) + utf16_len(suffix)
            && spec.starts_with(prefix)
            && spec.ends_with(suffix);
        let longer = best.as_ref().is_none_or(|b| utf16_len(prefix) as f64 > b.2);
        if fits && longer {
            best = Some((
                i,
                spec[prefix.len()..spec.len() - suffix.len()].to_string(),
                utf16_len(prefix) as f64,
            ));
        }
    }
    let (i, star, _) = best?;
    let base = config
        .base_url
        .clone()
        .or_else(|| config.paths_dir.clone())
        .unwrap_or_else(|| root.to_string());
    Some(
        paths[i]
            .1
            .iter()
            .map(|t| relative(root, &resolve(&base, &[&t.replacen('*', &star, 1)])))
            .collect(),
    )
}
