//! Command-line driver for benchmarks and debugging:
//! `mca-analyze [--json] [--parse-only | --imports-only] [--threads N] PATH [ROOT]`.
//! Prints a one-line summary on stderr; `--json` prints the result on stdout.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mca_engine::{analyze, AnalyzeRequest, Control};

#[path = "common/args.rs"]
mod args;

const USAGE: &str =
    "usage: mca-analyze [--json] [--parse-only | --imports-only] [--threads N] PATH [ROOT]";

fn main() {
    let mut args = args::Args::from_env(USAGE);
    let json = args.flag("--json");
    let parse_only = args.flag("--parse-only");
    let imports_only = args.flag("--imports-only");
    if parse_only && imports_only {
        args.fail("--parse-only and --imports-only are two different runs: pick one");
    }
    let threads = args.value::<usize>("--threads");
    let mut paths = args.paths(1, 2).into_iter();
    let path = paths.next().expect("paths(1, 2) gives at least one");
    let root = paths.next().unwrap_or_else(|| path.clone());
    let req = AnalyzeRequest {
        path,
        root,
        threads,
        imports_only: Some(imports_only),
        ..Default::default()
    };
    let started = Instant::now();
    if parse_only {
        match parse_only_run(&req) {
            Ok((files, bytes)) => report(files, bytes, started),
            Err(e) => fail(&e),
        }
        return;
    }
    match analyze(&req, &Control::default()) {
        Ok(result) => {
            if json {
                println!("{}", serde_json::to_string(&result).expect("serialisable"));
            }
            report(result.files.len(), result.stats.bytes as usize, started);
        }
        Err(e) => fail(&e),
    }
}

fn fail(e: &mca_engine::EngineError) -> ! {
    eprintln!("{}: {e}", e.code());
    std::process::exit(1);
}

/// The floor: the same discovery and reads, tree-sitter parse only, no metrics. `files` counts
/// the files parsed (as a full run counts the files analysed, not the skipped ones).
fn parse_only_run(req: &AnalyzeRequest) -> Result<(usize, usize), mca_engine::EngineError> {
    use rayon::prelude::*;
    let found = mca_engine::discovery::discover(req, &Control::default())?;
    let bytes = AtomicUsize::new(0);
    let pool = mca_engine::analyze::pool(req.threads)?;
    let files = pool.install(|| {
        found
            .files
            .par_iter()
            .filter(|f| {
                let Ok(text) = std::fs::read_to_string(&f.abs) else {
                    return false;
                };
                bytes.fetch_add(text.len(), Ordering::Relaxed);
                mca_engine::analyze::parse_only(f.language, &text)
            })
            .count()
    });
    Ok((files, bytes.into_inner()))
}

fn report(files: usize, bytes: usize, started: Instant) {
    let s = started.elapsed().as_secs_f64();
    eprintln!(
        "files={files} bytes={bytes} seconds={s:.3} files_per_s={:.0} mb_per_s={:.2}",
        files as f64 / s,
        bytes as f64 / s / 1e6
    );
}
