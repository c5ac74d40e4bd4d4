//! The files to analyse under a file or directory (src/engine/discovery.ts), with a
//! parallel walk from the `ignore` crate. Semantics kept from the TS: only `.gitignore`
//! files count (no global or .git/info/exclude, and without needing a git repository),
//! including those between the root and the analysed directory; node_modules, vendor,
//! target, dist and .git are never entered; hidden files are analysed; symbolic links are
//! followed only to files inside the root, never into directories. Walk errors are data, as
//! in the TS: a directory that cannot be listed is skipped as `unreadable-directory` with its
//! error code, and an entry whose name is not UTF-8 (which Node cannot name) as
//! `unreadable-directory` or, for a file, `unreadable`, with `EILSEQ`.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, WalkBuilder, WalkState};

use crate::analyze::{AnalyzeRequest, Control};
use crate::error::{EngineError, SkipReason};
use crate::lang::{language_of, Language};
use crate::read_source::errno_name;
use crate::types::SkippedFile;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;
pub const DEFAULT_SKIPPED_DIRS: &[&str] = &["node_modules", "vendor", "target", "dist", ".git"];

#[derive(Debug, Clone)]
pub struct Discovered {
    pub abs: PathBuf,
    pub rel: String,
    pub language: Language,
    pub size: u64,
}

#[derive(Default)]
pub struct Discovery {
    pub files: Vec<Discovered>,
    pub skipped: Vec<SkippedFile>,
}

/// Include/exclude globs: a glob without a slash matches the base name anywhere.
#[derive(Clone)]
struct Globs {
    by_name: Option<GlobSet>,
    by_path: Option<GlobSet>,
}

impl Globs {
    fn new(globs: &[String]) -> Result<Option<Globs>, EngineError> {
        if globs.is_empty() {
            return Ok(None);
        }
        let build = |pathed: bool| -> Result<Option<GlobSet>, EngineError> {
            let mut b = GlobSetBuilder::new();
            let mut any = false;
            for g in globs.iter().filter(|g| g.contains('/') == pathed) {
                let glob = globset::GlobBuilder::new(g).literal_separator(true).build();
                b.add(
                    glob.or_else(|_| Glob::new(&globset::escape(g)))
                        .map_err(EngineError::invalid)?,
                );
                any = true;
            }
            Ok(if any {
                Some(b.build().map_err(EngineError::invalid)?)
            } else {
                None
            })
        };
        Ok(Some(Globs {
            by_name: build(false)?,
            by_path: build(true)?,
        }))
    }

    fn matches(&self, path: &str) -> bool {
        let base = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(path);
        self.by_name.as_ref().is_some_and(|s| s.is_match(base))
            || self.by_path.as_ref().is_some_and(|s| s.is_match(path))
    }
}

#[derive(Clone)]
struct Filter {
    include: Option<Globs>,
    exclude: Option<Globs>,
    languages: Option<Vec<Language>>,
}

impl Filter {
    fn enter_dir(&self, rel: &str) -> bool {
        self.exclude
            .as_ref()
            .is_none_or(|e| !(e.matches(rel) || e.matches(&format!("{rel}/"))))
    }

    fn accepts_language(&self, language: Language) -> bool {
        self.languages
            .as_ref()
            .is_none_or(|l| l.contains(&language))
    }

    fn accept_file(&self, rel: &str, language: Language) -> bool {
        self.accepts_language(language)
            && self.include.as_ref().is_none_or(|i| i.matches(rel))
            && self.exclude.as_ref().is_none_or(|e| !e.matches(rel))
    }
}

/// Root-relative path with '/' (`relative(root, abs)`).
pub fn rel_path(root: &Path, abs: &Path) -> String {
    match abs.strip_prefix(root) {
        Ok(r) => r.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"),
        Err(_) => abs.to_string_lossy().into_owned(),
    }
}

/// Node's name for the error of a name that is not UTF-8 (no path string can reach it).
const NOT_UTF8: &str = "EILSEQ";

fn walk_skip(rel: String, reason: SkipReason, detail: impl Into<String>) -> SkippedFile {
    SkippedFile {
        // The analysed directory itself is `.` (a relative path is never empty).
        path: if rel.is_empty() { ".".into() } else { rel },
        reason,
        detail: Some(detail.into()),
    }
}

/// The path and I/O error inside the walk's error wrappers.
fn walk_error(err: &ignore::Error) -> (Option<&Path>, Option<&std::io::Error>) {
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::WithPath { path, err } => return (Some(path), err.io_error()),
            _ => return (None, e.io_error()),
        }
    }
}

fn too_large(rel: &str, size: u64, max: u64) -> SkippedFile {
    SkippedFile {
        path: rel.to_string(),
        reason: SkipReason::TooLarge,
        detail: Some(format!("{size} bytes > limit {max}")),
    }
}

pub fn discover(req: &AnalyzeRequest, control: &Control) -> Result<Discovery, EngineError> {
    let root = PathBuf::from(&req.root);
    let path = PathBuf::from(&req.path);
    let root_real = std::fs::canonicalize(&root).map_err(|e| EngineError::io(e, &req.root))?;
    let meta = std::fs::metadata(&path).map_err(|e| EngineError::io(e, &req.path))?;
    let max = req.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let languages = req.languages.as_ref().filter(|l| !l.is_empty()).map(|l| {
        l.iter()
            .filter_map(|n| Language::from_name(n))
            .collect::<Vec<_>>()
    });
    let filter = Filter {
        include: Globs::new(req.include.as_deref().unwrap_or(&[]))?,
        exclude: Globs::new(req.exclude.as_deref().unwrap_or(&[]))?,
        languages,
    };
    let walk = Walk {
        root: &root,
        root_real: &root_real,
        filter: &filter,
        max,
        control,
    };
    if let Some(files) = &req.files {
        return Ok(walk.listed(files));
    }
    let mut out = Discovery::default();
    if !meta.is_dir() {
        let mut rel = rel_path(&root, &path);
        if rel.is_empty() {
            rel = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        match language_of(&path.to_string_lossy()).filter(|l| filter.accepts_language(*l)) {
            None => out.skipped.push(SkippedFile {
                path: rel,
                reason: SkipReason::UnsupportedLanguage,
                detail: None,
            }),
            Some(_) if meta.len() > max => out.skipped.push(too_large(&rel, meta.len(), max)),
            Some(language) => out.files.push(Discovered {
                abs: path,
                rel,
                language,
                size: meta.len(),
            }),
        }
        return Ok(out);
    }
    walk.run(&path, req, out)
}

struct Walk<'a> {
    root: &'a Path,
    root_real: &'a Path,
    filter: &'a Filter,
    max: u64,
    control: &'a Control,
}

/// The .gitignore files of the directories from the root down to (not including) `path`.
fn parent_layers(root: &Path, path: &Path) -> Vec<Gitignore> {
    let mut layers = Vec::new();
    let Ok(rel) = path.strip_prefix(root) else {
        return layers;
    };
    let mut dir = root.to_path_buf();
    let mut parts = rel.components().peekable();
    loop {
        let file = dir.join(".gitignore");
        if file.is_file() {
            let mut b = GitignoreBuilder::new(&dir);
            let _ = b.add(&file);
            if let Ok(gi) = b.build() {
                layers.push(gi);
            }
        }
        match parts.next() {
            Some(c) if parts.peek().is_some() => dir.push(c),
            _ => break,
        }
    }
    if rel.as_os_str().is_empty() {
        layers.clear(); // the walk reads the root's own .gitignore itself
    }
    layers
}

fn ignored_by(layers: &[Gitignore], path: &Path, is_dir: bool) -> bool {
    for gi in layers.iter().rev() {
        let m = gi.matched(path, is_dir);
        if m.is_ignore() {
            return true;
        }
        if m.is_whitelist() {
            return false;
        }
    }
    false
}

impl Walk<'_> {
    fn run(
        &self,
        path: &Path,
        req: &AnalyzeRequest,
        out: Discovery,
    ) -> Result<Discovery, EngineError> {
        let gitignore = req.gitignore.unwrap_or(true);
        let layers = if gitignore {
            parent_layers(self.root, path)
        } else {
            Vec::new()
        };
        let found = Mutex::new(out);
        let mut builder = WalkBuilder::new(path);
        builder
            .standard_filters(false)
            .git_ignore(gitignore)
            .require_git(false)
            .parents(false)
            .hidden(false)
            .follow_links(false)
            .threads(req.threads.unwrap_or(0));
        let root = self.root.to_path_buf();
        let filter_layers = layers.clone();
        let filter = self.filter.clone();
        let unnamed_dirs = Arc::new(Mutex::new(Vec::new()));
        let unnamed = unnamed_dirs.clone();
        // Directories that are skipped are never entered: nothing under them is read.
        builder.filter_entry(move |e: &DirEntry| -> bool {
            if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            let rel = rel_path(&root, e.path());
            let enter = !DEFAULT_SKIPPED_DIRS.contains(&name.as_ref())
                && !ignored_by(&filter_layers, e.path(), true)
                && filter.enter_dir(&rel);
            if enter && e.file_name().to_str().is_none() {
                let skip = walk_skip(rel, SkipReason::UnreadableDirectory, NOT_UTF8);
                unnamed.lock().unwrap_or_else(|p| p.into_inner()).push(skip);
                return false;
            }
            enter
        });
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                if self.control.cancel.load(Ordering::Relaxed) {
                    return WalkState::Quit;
                }
                match entry {
                    Ok(e) => self.visit(&e, &layers, &found),
                    Err(err) => self.walk_failed(&err, &found),
                }
                WalkState::Continue
            })
        });
        if self.control.cancel.load(Ordering::Relaxed) {
            return Err(EngineError::Cancelled);
        }
        let mut out = found.into_inner().unwrap_or_else(|p| p.into_inner());
        out.skipped
            .append(&mut unnamed_dirs.lock().unwrap_or_else(|p| p.into_inner()));
        Ok(out)
    }

    /// A directory that could not be listed (or an entry of it that could not be read).
    fn walk_failed(&self, err: &ignore::Error, found: &Mutex<Discovery>) {
        let (path, io) = walk_error(err);
        let Some(path) = path else { return };
        let is_dir = std::fs::symlink_metadata(path).map_or(true, |m| m.is_dir());
        let reason = if is_dir {
            SkipReason::UnreadableDirectory
        } else {
            SkipReason::Unreadable
        };
        let detail = io.map_or_else(|| err.to_string(), errno_name);
        let skip = walk_skip(rel_path(self.root, path), reason, detail);
        let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
        // One directory may fail more than once (several entries): one entry each.
        if !found.skipped.iter().any(|s| s.path == skip.path) {
            found.skipped.push(skip);
        }
    }

    fn visit(&self, e: &DirEntry, layers: &[Gitignore], found: &Mutex<Discovery>) {
        let Some(ft) = e.file_type() else { return };
        let rel = rel_path(self.root, e.path());
        if !(ft.is_file() || ft.is_symlink()) {
            return;
        }
        let Some(language) = language_of(&e.file_name().to_string_lossy()) else {
            return;
        };
        if ignored_by(layers, e.path(), false) || !self.filter.accept_file(&rel, language) {
            return;
        }
        if e.file_name().to_str().is_none() {
            let skip = walk_skip(rel, SkipReason::Unreadable, NOT_UTF8);
            found
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .skipped
                .push(skip);
            return;
        }
        let file = Discovered {
            abs: e.path().to_path_buf(),
            rel,
            language,
            size: 0,
        };
        let result = self.sized(file, ft.is_symlink());
        let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Some(Ok(f)) if f.size > self.max => {
                found.skipped.push(too_large(&f.rel, f.size, self.max))
            }
            Some(Ok(f)) => found.files.push(f),
            Some(Err(s)) => found.skipped.push(s),
            None => {}
        }
    }

    /// Files named by the caller (found by its own walk): checked like walked files, so a
    /// file that changed kind, grew or vanished since is skipped with its reason.
    fn listed(&self, files: &[String]) -> Discovery {
        let mut out = Discovery::default();
        for rel in files {
            let abs = self.root.join(rel);
            let Some(language) = language_of(rel) else {
                out.skipped.push(SkippedFile {
                    path: rel.clone(),
                    reason: SkipReason::UnsupportedLanguage,
                    detail: None,
                });
                continue;
            };
            let is_link = std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink());
            let file = Discovered {
                abs,
                rel: rel.clone(),
                language,
                size: 0,
            };
            match self.sized(file, is_link) {
                Some(Ok(f)) if f.size > self.max => {
                    out.skipped.push(too_large(&f.rel, f.size, self.max))
                }
                Some(Ok(f)) => out.files.push(f),
                Some(Err(s)) => out.skipped.push(s),
                None => {}
            }
        }
        out
    }

    /// Size of a walked file; a link must point to a file inside the root (else None).
    fn sized(
        &self,
        mut file: Discovered,
        is_link: bool,
    ) -> Option<Result<Discovered, SkippedFile>> {
        if is_link {
            let target = std::fs::canonicalize(&file.abs).ok()?;
            if !target.starts_with(self.root_real) {
                return None;
            }
        }
        match std::fs::metadata(&file.abs) {
            Ok(m) if m.is_file() => {
                file.size = m.len();
                Some(Ok(file))
            }
            Ok(_) => None,
            Err(_) if is_link => None, // a dangling link is not a file
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Err(SkippedFile {
                path: file.rel,
                reason: SkipReason::Vanished,
                detail: None,
            })),
            Err(e) => Some(Err(SkippedFile {
                path: file.rel,
                reason: SkipReason::Unreadable,
                detail: Some(errno_name(&e)),
            })),
        }
    }
}
