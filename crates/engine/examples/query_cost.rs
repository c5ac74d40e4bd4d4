//! The cost of a tags query alone (the tree-sitter query cursor, predicates included) over a
//! tree, one thread: the language's query, or a query text from a file, or each pattern of it.
//! Run: cargo run --release -p mca-engine --example query_cost -- DIR [QUERY.scm ...] [--per-pattern]
//! Several query files are timed file by file in turn (the same load for each).

use std::time::{Duration, Instant};

use mca_engine::analyze::parse_utf16;
use mca_engine::discovery::discover;
use mca_engine::node::{utf16_units, Src};
use mca_engine::read_source::{read_source, SourceRead};
use mca_engine::tags::query_source;
use mca_engine::{AnalyzeRequest, Control, Language};
use tree_sitter::{Query, QueryCursor, StreamingIterator};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_pattern = args.iter().any(|a| a == "--per-pattern");
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let path = args[0].clone();
    let lang = Language::Go;
    let text = query_source(lang).unwrap();
    let query = Query::new(&lang.grammar(), &text).expect("query");
    let others: Vec<(&String, Query)> = args[1..]
        .iter()
        .map(|f| {
            let t = std::fs::read_to_string(f).unwrap();
            (*f, Query::new(&lang.grammar(), &t).expect("query"))
        })
        .collect();
    let mut other_times = vec![Duration::ZERO; others.len()];
    let n = query.pattern_count();
    let req = AnalyzeRequest {
        path: path.clone(),
        root: path,
        gitignore: Some(false),
        ..Default::default()
    };
    let found = discover(&req, &Control::default()).expect("discover");
    let mut total = Duration::ZERO;
    let mut per = vec![Duration::ZERO; if per_pattern { n } else { 0 }];
    let mut matches_n = 0usize;
    let mut cursor = QueryCursor::new();
    let singles: Vec<Query> = if per_pattern {
        (0..n)
            .map(|i| {
                let mut q = Query::new(&lang.grammar(), &text).unwrap();
                for j in (0..n).rev() {
                    if j != i {
                        q.disable_pattern(j);
                    }
                }
                q
            })
            .collect()
    } else {
        Vec::new()
    };
    for file in found.files.iter().filter(|f| f.language == lang) {
        let SourceRead::Ok { text: s, .. } = read_source(&file.abs, 1 << 20) else {
            continue;
        };
        let Some(tree) = parse_utf16(lang, &s) else {
            continue;
        };
        let units = utf16_units(&s);
        let src = Src::utf16(&s, &units);
        let provider = |node: tree_sitter::Node| {
            std::iter::once(src.slice(node.start_byte(), node.end_byte()).as_bytes())
        };
        let t = Instant::now();
        let mut it = cursor.matches(&query, tree.root_node(), provider);
        while let Some(_m) = it.next() {
            matches_n += 1;
        }
        total += t.elapsed();
        for ((_, q), d) in others.iter().zip(&mut other_times) {
            let t = Instant::now();
            let mut it = cursor.matches(q, tree.root_node(), provider);
            while let Some(_m) = it.next() {}
            *d += t.elapsed();
        }
        for (i, q) in singles.iter().enumerate() {
            let t = Instant::now();
            let mut it = cursor.matches(q, tree.root_node(), provider);
            while let Some(_m) = it.next() {}
            per[i] += t.elapsed();
        }
    }
    println!(
        "{:>8.0} ms  whole query, {n} patterns, {matches_n} matches",
        total.as_secs_f64() * 1000.0
    );
    for ((f, q), d) in others.iter().zip(other_times) {
        println!(
            "{:>8.0} ms  {f}, {} patterns",
            d.as_secs_f64() * 1000.0,
            q.pattern_count()
        );
    }
    let mut rows: Vec<(usize, Duration)> = per.into_iter().enumerate().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (i, d) in rows {
        let start = query.start_byte_for_pattern(i);
        let line = text[..start].lines().count() + 1;
        let snippet: String = text[start..]
            .chars()
            .take(90)
            .collect::<String>()
            .replace('\n', " ");
        println!(
            "{:>8.0} ms  #{i} (line {line}) {snippet}",
            d.as_secs_f64() * 1000.0
        );
    }
}
