//! Rust (src/engine/deps/resolve-rust.ts): the crate from the nearest Cargo.toml; `mod x;`
//! → x.rs or x/mod.rs; `use crate::a::b::C` → the deepest module file of the path that
//! exists, else the crate root; a first segment that the file declares as `mod` is `self::`.

use std::collections::{HashMap, HashSet};

use super::file_index::{dir_of, join_path, FileIndex};
use super::{Resolution, ResolveContext};
use crate::types::RawImport;

const RUST_BUILTIN_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

#[derive(Clone)]
struct Crate {
    src_dir: String,
    root_file: Option<String>,
}

#[derive(Default)]
pub struct RustResolver {
    crates: HashMap<String, Crate>,
}

enum Local {
    Path(Vec<String>),
    External,
    OutOfCrate,
}

impl RustResolver {
    pub fn resolve(
        &mut self,
        ctx: &ResolveContext,
        from: &str,
        imp: &RawImport,
        declared: &HashSet<String>,
    ) -> Resolution {
        let spec = &imp.specifier;
        if let Some(names) = spec.strip_prefix("mod:") {
            return self.resolve_mod(ctx, from, names);
        }
        let segments: Vec<&str> = spec.split("::").collect();
        let first = segments[0];
        let krate = self.crate_of(ctx, from);
        match local_path(&segments, &module_path(from, &krate), declared) {
            Local::External => {
                if RUST_BUILTIN_CRATES.contains(&first) {
                    Resolution::Builtin(first.to_string())
                } else {
                    Resolution::External(first.to_string())
                }
            }
            Local::OutOfCrate => Resolution::Unresolved,
            Local::Path(path) => match deepest_module(&ctx.index, &krate, &path) {
                None => Resolution::Unresolved,
                // Resolved into the importing file itself: not an edge.
                Some(t) if t == from => Resolution::File(Vec::new()),
                Some(t) => Resolution::File(vec![t]),
            },
        }
    }

    fn resolve_mod(&mut self, ctx: &ResolveContext, from: &str, names: &str) -> Resolution {
        let krate = self.crate_of(ctx, from);
        let base = if is_directory_owner(from, &krate) {
            dir_of(from)
        } else {
            from[..from.len() - 3].to_string()
        };
        match module_file(
            &ctx.index,
            join_path(&base, &names.split("::").collect::<Vec<_>>().join("/")),
        ) {
            Some(f) => Resolution::File(vec![f]),
            None => Resolution::Unresolved,
        }
    }

    fn crate_of(&mut self, ctx: &ResolveContext, from: &str) -> Crate {
        let dir = dir_of(from);
        let krate = self
            .crates
            .entry(dir.clone())
            .or_insert_with(|| find_crate(&ctx.index, &dir))
            .clone();
        if !is_under(from, &krate.src_dir) || is_bin_root(from, &krate.src_dir) {
            return Crate {
                src_dir: dir,
                root_file: Some(from.to_string()),
            };
        }
        // A main.rs next to a lib.rs is the root of a binary crate of its own.
        let main = if krate.src_dir.is_empty() {
            "main.rs".to_string()
        } else {
            format!("{}/main.rs", krate.src_dir)
        };
        if from == main {
            return Crate {
                src_dir: krate.src_dir,
                root_file: Some(from.to_string()),
            };
        }
        krate
    }
}

fn find_crate(index: &FileIndex, dir: &str) -> Crate {
    // Without a manifest, the nearest directory with a crate root file stands in for src/.
    let src_dir = match index.find_up(dir, "Cargo.toml") {
        None => index
            .find_up(dir, "lib.rs")
            .or_else(|| index.find_up(dir, "main.rs"))
            .unwrap_or_else(|| dir.to_string()),
        Some(m) if m.is_empty() => "src".to_string(),
        Some(m) => format!("{m}/src"),
    };
    let root_file = ["lib.rs", "main.rs"]
        .iter()
        .map(|f| {
            if src_dir.is_empty() {
                f.to_string()
            } else {
                format!("{src_dir}/{f}")
            }
        })
        .find(|f| index.is_file(f));
    Crate { src_dir, root_file }
}

fn deepest_module(index: &FileIndex, krate: &Crate, path: &[String]) -> Option<String> {
    for n in (1..=path.len()).rev() {
        if let Some(f) = module_file(index, join_path(&krate.src_dir, &path[..n].join("/"))) {
            return Some(f);
        }
    }
    krate.root_file.clone()
}

/// The crate-relative module path a use path names.
fn local_path(segments: &[&str], own: &[String], declared: &HashSet<String>) -> Local {
    let first = segments[0];
    let strs = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    if first == "crate" {
        return Local::Path(strs(&segments[1..]));
    }
    if first == "self" {
        return Local::Path(own.iter().cloned().chain(strs(&segments[1..])).collect());
    }
    if declared.contains(first) {
        return Local::Path(own.iter().cloned().chain(strs(segments)).collect());
    }
    if first != "super" {
        return Local::External;
    }
    let ups = segments.iter().take_while(|s| **s == "super").count();
    if ups > own.len() {
        return Local::OutOfCrate;
    }
    Local::Path(
        own[..own.len() - ups]
            .iter()
            .cloned()
            .chain(strs(&segments[ups..]))
            .collect(),
    )
}

fn is_under(file: &str, dir: &str) -> bool {
    dir.is_empty() || file.starts_with(&format!("{dir}/"))
}

/// `^bin/[^/]+\.rs$` or `^bin/[^/]+/main\.rs$` under the crate's src dir.
fn is_bin_root(file: &str, src_dir: &str) -> bool {
    let rel = if src_dir.is_empty() {
        file
    } else {
        file.get(src_dir.len() + 1..).unwrap_or("")
    };
    let Some(rest) = rel.strip_prefix("bin/") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [name] => name.len() > 3 && name.ends_with(".rs"),
        [dir, "main.rs"] => !dir.is_empty(),
        _ => false,
    }
}

fn is_directory_owner(file: &str, krate: &Crate) -> bool {
    let base = file.rsplit('/').next().unwrap_or(file);
    krate.root_file.as_deref() == Some(file) || matches!(base, "mod.rs" | "lib.rs" | "main.rs")
}

/// Module path of a file inside its crate: src/a/b.rs and src/a/b/mod.rs → [a, b].
fn module_path(file: &str, krate: &Crate) -> Vec<String> {
    if krate.root_file.as_deref() == Some(file) {
        return Vec::new();
    }
    let rel = if krate.src_dir.is_empty() {
        file
    } else {
        file.get(krate.src_dir.len() + 1..).unwrap_or("")
    };
    let mut parts: Vec<String> = rel[..rel.len().saturating_sub(3)]
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn module_file(index: &FileIndex, path: Option<String>) -> Option<String> {
    let path = path.filter(|p| !p.is_empty())?;
    [format!("{path}.rs"), format!("{path}/mod.rs")]
        .into_iter()
        .find(|c| index.is_file(c))
}
