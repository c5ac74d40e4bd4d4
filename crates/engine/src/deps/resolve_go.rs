//! Go, per package (src/engine/deps/resolve-go.ts): an import under the module path of the
//! nearest go.mod points to every non-test .go file of that directory that belongs to the
//! package; the module `std` owns paths without a dot; the rest is builtin or external.

use std::collections::HashMap;

use super::file_index::{dir_of, join_path};
use super::{file_targets, Resolution, ResolveContext};
use crate::lang::Language;
use crate::text::{is_js_space, js_cmp};

#[derive(Clone)]
struct GoModule {
    dir: String,
    path: String,
}

pub struct GoResolver {
    modules: HashMap<String, Option<GoModule>>,
    package_names: HashMap<String, String>,
}

impl GoResolver {
    pub fn new(ctx: &ResolveContext) -> Self {
        let package_names = ctx
            .files
            .iter()
            .filter(|f| f.language == Language::Go)
            .filter_map(|f| {
                f.package_name
                    .as_ref()
                    .filter(|n| !n.is_empty())
                    .map(|n| (f.path.clone(), n.clone()))
            })
            .collect();
        GoResolver {
            modules: HashMap::new(),
            package_names,
        }
    }

    pub fn resolve(&mut self, ctx: &ResolveContext, from: &str, spec: &str) -> Resolution {
        let module = self.module_of(ctx, &dir_of(from));
        let first_has_dot = spec.split('/').next().unwrap_or("").contains('.');
        if let Some(m) = module {
            let sub = if spec == m.path {
                Some(String::new())
            } else if let Some(rest) = spec.strip_prefix(&format!("{}/", m.path)) {
                Some(rest.to_string())
            } else if m.path == "std" && !first_has_dot {
                Some(spec.to_string())
            } else {
                None
            };
            if let Some(sub) = sub {
                let files = self.package_files(ctx, join_path(&m.dir, &sub));
                if !files.is_empty() || m.path != "std" {
                    return file_targets(files);
                }
            }
        }
        if first_has_dot {
            Resolution::External(spec.to_string())
        } else {
            Resolution::Builtin(spec.to_string())
        }
    }

    fn package_files(&self, ctx: &ResolveContext, dir: Option<String>) -> Vec<String> {
        let Some(dir) = dir else { return Vec::new() };
        let files: Vec<String> = ctx
            .index
            .list_dir(&dir)
            .into_iter()
            .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
            .collect();
        let Some(name) = self.main_package(&files) else {
            return files;
        };
        // Files not analysed have no known package name; they are kept.
        files
            .into_iter()
            .filter(|f| self.package_names.get(f).is_none_or(|n| *n == name))
            .collect()
    }

    /// The package most files declare, preferring any name over `main` (ties: alphabetical).
    fn main_package(&self, files: &[String]) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for name in files.iter().filter_map(|f| self.package_names.get(f)) {
            match counts.iter_mut().find(|(n, _)| n == name) {
                Some(entry) => entry.1 += 1,
                None => counts.push((name.clone(), 1)),
            }
        }
        counts.sort_by(|(a, ca), (b, cb)| {
            (a == "main")
                .cmp(&(b == "main"))
                .then(cb.cmp(ca))
                .then(js_cmp(a, b))
        });
        counts.into_iter().next().map(|(n, _)| n)
    }

    fn module_of(&mut self, ctx: &ResolveContext, dir: &str) -> Option<GoModule> {
        if let Some(m) = self.modules.get(dir) {
            return m.clone();
        }
        let found = ctx.index.find_up(dir, "go.mod");
        let module = found.and_then(|d| {
            let file = if d.is_empty() {
                "go.mod".to_string()
            } else {
                format!("{d}/go.mod")
            };
            let path = module_path(&ctx.index.read_text(&file)?)?;
            Some(GoModule { dir: d, path })
        });
        self.modules.insert(dir.to_string(), module.clone());
        module
    }
}

/// `/^\s*module\s+("?)([^\s"]+)\1/m` on go.mod, line by line.
fn module_path(text: &str) -> Option<String> {
    for line in text.split('\n') {
        let rest = line.trim_start_matches(is_js_space);
        let Some(after) = rest.strip_prefix("module") else {
            continue;
        };
        let name_start = after.trim_start_matches(is_js_space);
        if name_start.len() == after.len() {
            continue; // `\s+` needs at least one space
        }
        let quoted = name_start.starts_with('"');
        let body = if quoted { &name_start[1..] } else { name_start };
        let end = body
            .find(|c: char| is_js_space(c) || c == '"')
            .unwrap_or(body.len());
        if end == 0 {
            continue;
        }
        if quoted && !body[end..].starts_with('"') {
            continue;
        }
        return Some(body[..end].to_string());
    }
    None
}
