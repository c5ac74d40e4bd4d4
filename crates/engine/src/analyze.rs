//! One file (parse → metrics, structure, imports, parse errors) and a whole run (discover,
//! then read and analyse in parallel with one parser per thread). Per-file failures,
//! panics included, are data: the file lands in `skipped`. The threads and their parsers
//! live as long as the process: a second run starts no thread and builds no parser.

use crate::node::{utf16_units, Src};
use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;
use tree_sitter::Parser;

use crate::discovery::{discover, Discovered};
use crate::error::{EngineError, SkipReason};
use crate::lang::Language;
use crate::read_source::{read_source, SourceRead};
use crate::tags::{tags_of_tree_with, tags_query, FileTags};
use crate::text::js_cmp;
use crate::types::{AnalyzeResult, FileAnalysis, FileTotals, SkippedFile, Stats};

/// `AnalyzeOptions` of src/engine/types.ts, plus the thread count.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeRequest {
    pub path: String,
    pub root: String,
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub max_file_size: Option<u64>,
    pub gitignore: Option<bool>,
    /// Worker threads; 0 or absent = one per core.
    pub threads: Option<usize>,
    /// Analyse exactly these files (relative to root, as a walk found them) instead of
    /// walking `path`: the caller's cache already holds the others.
    pub files: Option<Vec<String>>,
    /// Only what the dependency graph reads (see `Passes::ImportsOnly`).
    pub imports_only: Option<bool>,
    /// Also each analysed file's tags, from the same parse (`AnalyzeResult.tags`): the
    /// navigation index then parses a file once, not once for its imports and again for tags.
    pub tags: Option<bool>,
    /// With `tags`: leave out the references a local scope binds (`local: true`, rule 7 of
    /// queries/tags/README.md). They resolve to nothing and the navigation index drops them,
    /// and they are close to half of all references: not making their JSON, nor reading it
    /// on the other side, is most of what the index build spends on moving tags.
    /// `Engine.tags` (the tags pass) always gives them.
    pub tags_without_local: Option<bool>,
}

/// What is computed of a parsed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passes {
    /// Everything: metrics, structure, imports, parse errors.
    All,
    /// What the dependency graph reads (`importsOnly` of src/engine/types.ts): language,
    /// imports, package name and parse errors as in a full analysis; `functions` empty and
    /// `totals` zero; `symbols` empty except for Java, whose import resolution reads the
    /// top-level type names (there they are the full symbol tree).
    ImportsOnly,
}

impl AnalyzeRequest {
    pub fn passes(&self) -> Passes {
        if self.imports_only == Some(true) {
            Passes::ImportsOnly
        } else {
            Passes::All
        }
    }
}

/// Shared with the caller while a run goes on: cancellation in, progress out.
#[derive(Debug, Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub files_done: AtomicUsize,
    pub files_total: AtomicUsize,
}

thread_local! {
    /// One parser per language per thread: creating one costs more than parsing a small file.
    static PARSERS: RefCell<Vec<Option<Parser>>> = RefCell::new((0..7).map(|_| None).collect());
}

/// Parsers built since the process started (the pool's threads keep theirs between runs).
static PARSERS_BUILT: AtomicUsize = AtomicUsize::new(0);

pub fn parsers_built() -> usize {
    PARSERS_BUILT.load(Ordering::Relaxed)
}

/// Runs `f` with this thread's parser for `language`.
fn with_parser<T>(language: Language, f: impl FnOnce(&mut Parser) -> Option<T>) -> Option<T> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let slot = &mut parsers[language.index()];
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&language.grammar()).ok()?;
            PARSERS_BUILT.fetch_add(1, Ordering::Relaxed);
            *slot = Some(p);
        }
        f(slot.as_mut()?)
    })
}

/// Parses `text` from UTF-16 with this thread's parser (see `analyze_source`).
pub fn parse_utf16(language: Language, text: &str) -> Option<tree_sitter::Tree> {
    let units: Vec<u16> = text.encode_utf16().collect();
    with_parser(language, |p| p.parse_utf16_le(&units, None))
}

/// Everything the engine reports about one decoded file. Parsed from UTF-16, as
/// web-tree-sitter parses: error recovery weighs skipped input by its byte length, so only
/// a UTF-16 parse recovers from syntax errors exactly as the WASM engine does (see `Src`).
pub fn analyze_source(
    path: &str,
    language: Language,
    text: &str,
) -> Result<FileAnalysis, EngineError> {
    analyze_source_with(path, language, text, Passes::All)
}

/// `analyze_source` with a choice of passes.
pub fn analyze_source_with(
    path: &str,
    language: Language,
    text: &str,
    passes: Passes,
) -> Result<FileAnalysis, EngineError> {
    let tree = parse_utf16(language, text).ok_or_else(|| EngineError::NoTree {
        path: path.to_string(),
    })?;
    Ok(passes_of_tree(path, language, text, &tree, passes))
}

/// `analyze_source_with` and the file's tags (`crate::tags::tags_source`) from one parse.
pub fn analyze_and_tag_source(
    path: &str,
    language: Language,
    text: &str,
    passes: Passes,
) -> Result<(FileAnalysis, FileTags), EngineError> {
    analyze_and_tag_source_with(path, language, text, passes, true)
}

/// `analyze_and_tag_source`, the tags without the references marked `local` when `keep_local`
/// is false (`tags_of_tree_with`).
fn analyze_and_tag_source_with(
    path: &str,
    language: Language,
    text: &str,
    passes: Passes,
    keep_local: bool,
) -> Result<(FileAnalysis, FileTags), EngineError> {
    let query = tags_query(language)?;
    let tree = parse_utf16(language, text).ok_or_else(|| EngineError::NoTree {
        path: path.to_string(),
    })?;
    let analysis = passes_of_tree(path, language, text, &tree, passes);
    let tags = tags_of_tree_with(path, language, text, &tree, query, keep_local);
    Ok((analysis, tags))
}

fn passes_of_tree(
    path: &str,
    language: Language,
    text: &str,
    tree: &tree_sitter::Tree,
    passes: Passes,
) -> FileAnalysis {
    let units = utf16_units(text);
    let src = Src::utf16(text, &units);
    match passes {
        Passes::All => analyze_tree(path, language, tree, src),
        Passes::ImportsOnly => imports_of_tree(path, language, tree, src),
    }
}

fn imports_of_tree(
    path: &str,
    language: Language,
    tree: &tree_sitter::Tree,
    src: Src,
) -> FileAnalysis {
    let root = tree.root_node();
    let nodes = import_nodes(root, language);
    let extracted = crate::imports::extract_imports(&nodes, language, src);
    let symbols = if language == Language::Java {
        crate::structure::extract_symbols(root, language, src)
    } else {
        Vec::new()
    };
    FileAnalysis {
        path: path.to_string(),
        language,
        functions: Vec::new(),
        totals: FileTotals::default(),
        symbols,
        imports: extracted.imports,
        parse_errors: crate::parse_errors::collect_parse_errors(root, src),
        package_name: extracted.package_name,
    }
}

/// The nodes the imports are read from (`crate::metrics::import_nodes`, the same nodes in the
/// same order) without walking the whole tree where the grammar says where they are: in a Go
/// file without syntax errors `package_clause` and `import_declaration` are children of
/// `source_file` only (`_top_level_declaration`; no statement holds them), and an
/// `import_spec` is a child of an `import_declaration` or of its `import_spec_list`. The
/// full walk was most of what the imports-only pass adds to the parse of a Go tree.
pub fn import_nodes(root: tree_sitter::Node<'_>, language: Language) -> Vec<tree_sitter::Node<'_>> {
    if language != Language::Go || root.has_error() {
        return crate::metrics::import_nodes(root, language);
    }
    let mut out = Vec::new();
    let mut cursor = root.walk();
    for top in root.children(&mut cursor) {
        match top.kind() {
            "package_clause" => out.push(top),
            "import_declaration" => {
                let mut inner = top.walk();
                for spec in top.children(&mut inner) {
                    match spec.kind() {
                        "import_spec" => out.push(spec),
                        "import_spec_list" => {
                            let mut list = spec.walk();
                            out.extend(
                                spec.children(&mut list)
                                    .filter(|n| n.kind() == "import_spec"),
                            );
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn analyze_tree(
    path: &str,
    language: Language,
    tree: &tree_sitter::Tree,
    src: Src,
) -> FileAnalysis {
    let root = tree.root_node();
    let (functions, totals, import_nodes) = crate::metrics::compute_metrics(root, language, src);
    let extracted = crate::imports::extract_imports(&import_nodes, language, src);
    FileAnalysis {
        path: path.to_string(),
        language,
        functions,
        totals,
        symbols: crate::structure::extract_symbols(root, language, src),
        imports: extracted.imports,
        parse_errors: crate::parse_errors::collect_parse_errors(root, src),
        package_name: extracted.package_name,
    }
}

enum Outcome {
    File(Box<FileAnalysis>, usize, Option<FileTags>),
    Skip(SkippedFile),
}

/// Which tags an analysis gives with its files (`AnalyzeRequest.tags`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WithTags {
    No,
    All,
    /// Without the references marked `local` (`AnalyzeRequest.tags_without_local`).
    WithoutLocal,
}

fn run_one(file: &Discovered, max: u64, passes: Passes, with_tags: WithTags) -> Outcome {
    let skip = |reason: SkipReason, detail: Option<String>| {
        Outcome::Skip(SkippedFile {
            path: file.rel.clone(),
            reason,
            detail,
        })
    };
    let (bytes, text) = match read_source(&file.abs, max) {
        SourceRead::Ok { bytes, text } => (bytes, text),
        SourceRead::Skip { reason, detail } => return skip(reason, detail),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        if with_tags == WithTags::No {
            return analyze_source_with(&file.rel, file.language, &text, passes).map(|a| (a, None));
        }
        let keep_local = with_tags != WithTags::WithoutLocal;
        analyze_and_tag_source_with(&file.rel, file.language, &text, passes, keep_local)
            .map(|(a, t)| (a, Some(t)))
    }));
    match result {
        Ok(Ok((a, tags))) => Outcome::File(Box::new(a), bytes, tags),
        Ok(Err(e)) => skip(
            SkipReason::Unreadable,
            Some(format!("analysis failed: {e}")),
        ),
        Err(panic) => skip(
            SkipReason::Unreadable,
            Some(format!("analysis failed: {}", panic_message(&panic))),
        ),
    }
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// The pool for a thread count (0 = one per core), built on first use and kept: its
/// threads keep their parsers (`PARSERS`) from one run to the next. Runs at the same time
/// share a pool; each checks its own cancellation flag and counts its own progress.
pub fn pool(threads: Option<usize>) -> Result<Arc<rayon::ThreadPool>, EngineError> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let n = threads.unwrap_or(0);
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(p) = pools.get(&n) {
        return Ok(p.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        // Deep symbol trees are serialised and dropped recursively: room for 10,000 levels.
        .stack_size(64 * 1024 * 1024)
        .thread_name(|i| format!("mca-engine-{i}"))
        .build()
        .map_err(|e| EngineError::Internal(e.to_string()))?;
    let pool = Arc::new(pool);
    pools.insert(n, pool.clone());
    Ok(pool)
}

/// `f` over every file on the pool for `threads` (see [`pool`]), results in the files' order.
/// It exists so that every per-file run (analysis, tags) counts progress and honours
/// cancellation in one place: `control.files_done` rises once per file done, a file not yet
/// started when `control.cancel` is set is not started, and a run cancelled by the end
/// fails with [`EngineError::Cancelled`] instead of returning partial results.
pub fn map_files_cancellable<T: Sync, R: Send>(
    files: &[T],
    threads: Option<usize>,
    control: &Control,
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, EngineError> {
    let outcomes: Vec<Option<R>> = pool(threads)?.install(|| {
        files
            .par_iter()
            .map(|file| {
                if control.cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let out = f(file);
                control.files_done.fetch_add(1, Ordering::Relaxed);
                Some(out)
            })
            .collect()
    });
    if control.cancel.load(Ordering::Relaxed) {
        return Err(EngineError::Cancelled);
    }
    Ok(outcomes.into_iter().flatten().collect())
}

/// A whole run: files sorted by path, skipped sorted, the same stats shape as the WASM engine
/// (no cache here: every file is a miss).
pub fn analyze(req: &AnalyzeRequest, control: &Control) -> Result<AnalyzeResult, EngineError> {
    let started = Instant::now();
    let found = discover(req, control)?;
    control
        .files_total
        .store(found.files.len(), Ordering::Relaxed);
    let max = req
        .max_file_size
        .unwrap_or(crate::discovery::DEFAULT_MAX_FILE_SIZE);
    let passes = req.passes();
    let with_tags = match (req.tags, req.tags_without_local) {
        (Some(true), Some(true)) => WithTags::WithoutLocal,
        (Some(true), _) => WithTags::All,
        _ => WithTags::No,
    };
    let outcomes = map_files_cancellable(&found.files, req.threads, control, |f| {
        run_one(f, max, passes, with_tags)
    })?;
    let mut files = Vec::new();
    let mut tags = Vec::new();
    let mut skipped = found.skipped;
    let mut bytes = 0u64;
    for o in outcomes {
        match o {
            Outcome::File(a, n, t) => {
                bytes += n as u64;
                files.push(*a);
                tags.extend(t);
            }
            Outcome::Skip(s) => skipped.push(s),
        }
    }
    files.sort_by(|a, b| js_cmp(&a.path, &b.path));
    tags.sort_by(|a, b| js_cmp(&a.path, &b.path));
    skipped.sort_by(|a, b| js_cmp(&a.path, &b.path));
    let stats = Stats {
        files_analyzed: files.len() as u64,
        bytes,
        cache_hits: 0,
        cache_misses: files.len() as u64,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    Ok(AnalyzeResult {
        files,
        skipped,
        stats,
        tags: (with_tags != WithTags::No).then_some(tags),
    })
}

/// Parse with this thread's parser and nothing else (the benchmark floor).
pub fn parse_only(language: Language, src: &str) -> bool {
    parse_utf16(language, src).is_some()
}
