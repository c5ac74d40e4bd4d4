//! Where an index build's engine time goes, one thread, per phase: read, UTF-16 parse, the
//! imports-only passes, the full passes, the tags query and its rules, and the tags as JSON
//! (all of them, and without the references marked local).
//! Run: cargo run --release -p mca-engine --example tags_cost -- /usr/share/go-1.19/src

use std::time::{Duration, Instant};

use mca_engine::analyze::parse_utf16;
use mca_engine::discovery::discover;
use mca_engine::read_source::{read_source, SourceRead};
use mca_engine::tags::{tags_of_tree, tags_query};
use mca_engine::{analyze_source_with, AnalyzeRequest, Control, Passes};

fn main() {
    let path = std::env::args().nth(1).expect("usage: tags_cost DIR");
    let req = AnalyzeRequest {
        path: path.clone(),
        root: path,
        gitignore: Some(false),
        ..Default::default()
    };
    let found = discover(&req, &Control::default()).expect("discover");
    let mut t = [Duration::ZERO; 10];
    let (mut bytes_all, mut bytes_kept, mut refs, mut kept) = (0usize, 0usize, 0usize, 0usize);
    let time = |slot: &mut Duration, f: &mut dyn FnMut()| {
        let s = Instant::now();
        f();
        *slot += s.elapsed();
    };
    for file in &found.files {
        let mut text = String::new();
        time(&mut t[0], &mut || {
            if let SourceRead::Ok { text: s, .. } = read_source(&file.abs, 1 << 20) {
                text = s;
            }
        });
        let lang = file.language;
        let mut tree = None;
        time(&mut t[1], &mut || tree = parse_utf16(lang, &text));
        let Some(tree) = tree else { continue };
        time(&mut t[2], &mut || {
            analyze_source_with(&file.rel, lang, &text, Passes::ImportsOnly).ok();
        });
        time(&mut t[3], &mut || {
            analyze_source_with(&file.rel, lang, &text, Passes::All).ok();
        });
        time(&mut t[7], &mut || {
            std::hint::black_box(mca_engine::metrics::import_nodes(tree.root_node(), lang));
        });
        time(&mut t[8], &mut || {
            std::hint::black_box(mca_engine::node::utf16_units(&text));
        });
        time(&mut t[9], &mut || {
            let mut c = tree.walk();
            let mut n = 0usize;
            'walk: loop {
                n += 1;
                if c.goto_first_child() {
                    continue;
                }
                while !c.goto_next_sibling() {
                    if !c.goto_parent() {
                        break 'walk;
                    }
                }
            }
            std::hint::black_box(n);
        });
        let query = tags_query(lang).expect("query");
        let mut tags = None;
        time(&mut t[4], &mut || {
            tags = Some(tags_of_tree(&file.rel, lang, &text, &tree, query))
        });
        let mut tags = tags.unwrap();
        time(&mut t[5], &mut || {
            bytes_all += serde_json::to_string(&tags).unwrap().len()
        });
        refs += tags.references.len();
        tags.references.retain(|r| r.local.is_none());
        kept += tags.references.len();
        time(&mut t[6], &mut || {
            bytes_kept += serde_json::to_string(&tags).unwrap().len()
        });
    }
    let names = [
        "read",
        "parse",
        "imports-only passes (parse again included)",
        "full passes (parse again included)",
        "tags query + rules",
        "tags JSON",
        "tags JSON without locals",
        "import_nodes walk",
        "utf16_units",
        "bare tree-cursor walk",
    ];
    for (n, d) in names.iter().zip(t) {
        println!("{:>8.0} ms  {n}", d.as_secs_f64() * 1000.0);
    }
    println!("{} files, {refs} references ({} local), JSON {bytes_all} bytes, without locals {bytes_kept}", found.files.len(), refs - kept);
}
