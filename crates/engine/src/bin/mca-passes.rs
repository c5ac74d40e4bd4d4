//! Where the time of a native analysis goes, pass by pass, on one thread:
//! `mca-passes [--top N] PATH`. Prints the seconds of each pass over every file (read,
//! UTF-16 parse, metrics walk, imports, structure, parse errors, serialisation) and the files
//! whose passes after the parse cost most relative to it.

use std::time::{Duration, Instant};

use mca_engine::analyze::parse_utf16;
use mca_engine::discovery::discover;
use mca_engine::node::{utf16_units, Src};
use mca_engine::read_source::{read_source, SourceRead};
use mca_engine::{AnalyzeRequest, Control};

const PASSES: [&str; 7] = [
    "read",
    "parse",
    "units",
    "metrics",
    "imports",
    "structure",
    "errors",
];

// Shared with mca-analyze, which uses the switches this binary has none of.
#[allow(dead_code)]
#[path = "common/args.rs"]
mod args;

fn main() {
    let mut args = args::Args::from_env("usage: mca-passes [--top N] PATH");
    let top = args.value::<usize>("--top").unwrap_or(10);
    let path = args.paths(1, 1).remove(0);
    let req = AnalyzeRequest {
        root: path.clone(),
        path,
        threads: Some(1),
        ..Default::default()
    };
    let found = match discover(&req, &Control::default()) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("{}: {e}", e.code());
            std::process::exit(1);
        }
    };
    // Files that cannot be timed (unreadable, binary, no tree) are counted and named, not hidden.
    let mut untimed: Vec<String> = Vec::new();
    let mut totals = [Duration::ZERO; PASSES.len()];
    let mut per_file: Vec<(f64, f64, String)> = Vec::new();
    for f in &found.files {
        let mut t = [Duration::ZERO; PASSES.len()];
        let mut clock = Instant::now();
        let mut lap = |i: usize, t: &mut [Duration]| {
            t[i] += clock.elapsed();
            clock = Instant::now();
        };
        let SourceRead::Ok { text, .. } = read_source(&f.abs, u64::MAX) else {
            untimed.push(format!("{} (not readable as source)", f.rel));
            continue;
        };
        lap(0, &mut t);
        let Some(tree) = parse_utf16(f.language, &text) else {
            untimed.push(format!("{} (no tree)", f.rel));
            continue;
        };
        lap(1, &mut t);
        let units = utf16_units(&text);
        let src = Src::utf16(&text, &units);
        lap(2, &mut t);
        let root = tree.root_node();
        let (_functions, _totals, nodes) =
            mca_engine::metrics::compute_metrics(root, f.language, src);
        lap(3, &mut t);
        let _imports = mca_engine::imports::extract_imports(&nodes, f.language, src);
        lap(4, &mut t);
        let _symbols = mca_engine::structure::extract_symbols(root, f.language, src);
        lap(5, &mut t);
        let _errors = mca_engine::parse_errors::collect_parse_errors(root, src);
        lap(6, &mut t);
        let parse = t[1].as_secs_f64();
        let rest: f64 = t[2..].iter().map(Duration::as_secs_f64).sum();
        per_file.push((rest, parse, f.rel.clone()));
        for (total, d) in totals.iter_mut().zip(t) {
            *total += d;
        }
    }
    println!(
        "{} files timed, {} not timed",
        per_file.len(),
        untimed.len()
    );
    for rel in &untimed {
        println!("  not timed: {rel}");
    }
    for (name, d) in PASSES.iter().zip(totals) {
        println!("{name:>10} {:8.3} s", d.as_secs_f64());
    }
    per_file.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("files whose passes after the parse cost most (seconds after / parse):");
    for (rest, parse, rel) in per_file.iter().take(top) {
        println!("  {rest:8.3} / {parse:8.3}  {rel}");
    }
}
