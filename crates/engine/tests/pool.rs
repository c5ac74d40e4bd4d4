//! The thread pool outlives a run, and so do its threads' parsers. Alone in this test
//! binary, so that no other test builds parsers meanwhile.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use mca_engine::analyze::{parsers_built, pool};
use mca_engine::{AnalyzeRequest, Control};

#[test]
fn a_second_run_reuses_the_pool_and_its_parsers() {
    let root = env!("CARGO_MANIFEST_DIR").to_string();
    // One thread: the parser of every language met is on the one thread that parses.
    let req = AnalyzeRequest {
        path: format!("{root}/src"),
        root,
        threads: Some(1),
        ..Default::default()
    };
    let before = parsers_built();
    let first = mca_engine::analyze(&req, &Control::default()).expect("first run");
    let after_first = parsers_built();
    assert_eq!(
        after_first - before,
        1,
        "one Rust parser on the pool's one thread"
    );
    let the_pool = pool(Some(1)).expect("pool");

    let control = Control::default();
    let second = mca_engine::analyze(&req, &control).expect("second run");
    assert_eq!(
        parsers_built(),
        after_first,
        "the second run built no parser"
    );
    assert!(Arc::ptr_eq(&the_pool, &pool(Some(1)).expect("pool")));
    assert_eq!(first.files, second.files);

    // Progress is per run: this run's counters saw this run's files only.
    let n = second.files.len();
    assert!(n > 10);
    assert_eq!(control.files_done.load(Ordering::Relaxed), n);
    assert_eq!(control.files_total.load(Ordering::Relaxed), n);

    // A cancelled run on the same pool stops; the pool still serves the next.
    let cancelled = Control::default();
    cancelled.cancel.store(true, Ordering::Relaxed);
    assert!(mca_engine::analyze(&req, &cancelled).is_err());
    let third = mca_engine::analyze(&req, &Control::default()).expect("third run");
    assert_eq!(third.files, first.files);
}
