//! Command-line driver for benchmarks and debugging:
//! `mca-analyze [--json] [--parse-only | --imports-only] [--threads N] PATH [ROOT]`.
//! Prints a one-line summary on stderr; `--json` prints the result on stdout.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mca_engine::{analyze, AnalyzeRequest, Control};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |args: &mut Vec<String>, name: &str| -> bool {
        let had = args.iter().any(|a| a == name);
        args.retain(|a| a != name);
        had
    };
    let json = flag(&mut args, "--json");
    let parse_only = flag(&mut args, "--parse-only");
    let imports_only = flag(&mut args, "--imports-only");
    let mut threads = None;
    if let Some(i) = args.iter().position(|a| a == "--threads") {
        threads = args.get(i + 1).and_then(|n| n.parse().ok());
        args.drain(i..(i + 2).min(args.len()));
    }
    let Some(path) = args.first().cloned() else {
        eprintln!(
            "usage: mca-analyze [--json] [--parse-only | --imports-only] [--threads N] PATH [ROOT]"
        );
        std::process::exit(2);
    };
    let root = args.get(1).cloned().unwrap_or_else(|| path.clone());
    let req = AnalyzeRequest {
        path,
        root,
        threads,
        imports_only: Some(imports_only),
        ..Default::default()
    };
    let started = Instant::now();
    if parse_only {
        let (files, bytes) = parse_only_run(&req);
        report(files, bytes, started);
        return;
    }
    match analyze(&req, &Control::default()) {
        Ok(result) => {
            if json {
                println!("{}", serde_json::to_string(&result).expect("serialisable"));
            }
            report(result.files.len(), result.stats.bytes as usize, started);
        }
        Err(e) => {
            eprintln!("{}: {e}", e.code());
            std::process::exit(1);
        }
    }
}

/// The floor: the same discovery and reads, tree-sitter parse only, no metrics.
fn parse_only_run(req: &AnalyzeRequest) -> (usize, usize) {
    use rayon::prelude::*;
    let found = mca_engine::discovery::discover(req, &Control::default()).expect("discover");
    let bytes = AtomicUsize::new(0);
    let pool = mca_engine::analyze::pool(req.threads).expect("pool");
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
    (files, bytes.into_inner())
}

fn report(files: usize, bytes: usize, started: Instant) {
    let s = started.elapsed().as_secs_f64();
    eprintln!(
        "files={files} bytes={bytes} seconds={s:.3} files_per_s={:.0} mb_per_s={:.2}",
        files as f64 / s,
        bytes as f64 / s / 1e6
    );
}
