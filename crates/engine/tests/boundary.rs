//! Bad input is data: deep nesting, syntax errors, binary and undecodable bytes.

use mca_engine::lang::Language;
use mca_engine::read_source::{check_source, SourceRead};
use mca_engine::{analyze_source, AnalyzeRequest, Control, EngineError, SkipReason};

#[test]
fn ten_thousand_levels_do_not_overflow_the_stack() {
    let n = 10_000;
    let src = format!(
        "function f(x) {{\n{}x();\n{}}}\n",
        "if (x) {\n".repeat(n),
        "}\n".repeat(n)
    );
    // A thread with a small stack: the walk must not recurse.
    let a = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || analyze_source("deep.js", Language::Javascript, &src).expect("analysis"))
        .expect("thread")
        .join()
        .expect("no overflow");
    assert_eq!(a.functions[0].max_nesting, n as u64);
    assert_eq!(a.functions[0].cyclomatic, n as u64 + 1);
}

#[test]
fn syntax_errors_are_counted_with_utf16_columns() {
    // `é` is two UTF-8 bytes but one UTF-16 code unit: the `=` is at column 9, not 10
    // (the WASM engine reports {"count":2,"first":[{"line":1,"column":9},{"line":2,"column":1}]}).
    let a = analyze_source("bad.ts", Language::Typescript, "const é = ;\nfunction (\n")
        .expect("analysis");
    let at: Vec<(u64, u64)> = a
        .parse_errors
        .first
        .iter()
        .map(|l| (l.line, l.column))
        .collect();
    assert_eq!((a.parse_errors.count, at), (2, vec![(1, 9), (2, 1)]));
}

#[test]
fn binary_and_invalid_utf8_are_skip_reasons() {
    assert!(matches!(
        check_source(vec![b'a', 0, b'b'], 100),
        SourceRead::Skip {
            reason: SkipReason::Binary,
            ..
        }
    ));
    assert!(matches!(
        check_source(vec![b'x', 0xff], 100),
        SourceRead::Skip {
            reason: SkipReason::InvalidUtf8,
            ..
        }
    ));
    assert!(matches!(
        check_source(vec![b'x'; 10], 5),
        SourceRead::Skip {
            reason: SkipReason::TooLarge,
            ..
        }
    ));
    match check_source("\u{FEFF}x = 1\n".as_bytes().to_vec(), 100) {
        SourceRead::Ok { bytes, text } => assert_eq!((bytes, text.as_str()), (9, "x = 1\n")),
        SourceRead::Skip { reason, .. } => panic!("skipped: {reason}"),
    }
}

#[test]
fn a_cancelled_run_stops_with_cancelled() {
    let control = Control::default();
    control
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let root = env!("CARGO_MANIFEST_DIR").to_string();
    let req = AnalyzeRequest {
        path: root.clone(),
        root,
        ..Default::default()
    };
    let err = mca_engine::analyze(&req, &control).expect_err("cancelled");
    assert!(matches!(err, EngineError::Cancelled));
    assert_eq!(err.code(), "CANCELLED");
}

#[test]
fn a_missing_path_is_an_io_error_named_like_node() {
    let req = AnalyzeRequest {
        path: "/no/such/mca/path".into(),
        root: "/".into(),
        ..Default::default()
    };
    let err = mca_engine::analyze(&req, &Control::default()).expect_err("missing");
    assert_eq!(err.code(), "ENOENT");
    assert!(err.to_string().starts_with("/no/such/mca/path: "));
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn skip_reasons_cross_as_the_typescript_strings() {
    let all = [
        (SkipReason::Binary, "binary"),
        (SkipReason::TooLarge, "too-large"),
        (SkipReason::InvalidUtf8, "invalid-utf8"),
        (SkipReason::Unreadable, "unreadable"),
        (SkipReason::UnsupportedLanguage, "unsupported-language"),
        (SkipReason::Vanished, "vanished"),
        (SkipReason::UnreadableDirectory, "unreadable-directory"),
    ];
    for (reason, text) in all {
        assert_eq!(
            serde_json::to_string(&reason).unwrap(),
            format!("\"{text}\"")
        );
        assert_eq!(reason.to_string(), text);
        let back: SkipReason = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(back, reason);
    }
}

#[test]
fn js_cmp_is_utf16_code_unit_order() {
    use mca_engine::text::js_cmp;
    let words = [
        "",
        "a",
        "ab",
        "b",
        "z",
        "é",
        "éa",
        "\u{E000}",
        "\u{FFFF}",
        "\u{10000}",
        "a\u{10000}",
        "a\u{FFFF}",
        "日本",
    ];
    for a in words {
        for b in words {
            assert_eq!(
                js_cmp(a, b),
                a.encode_utf16().cmp(b.encode_utf16()),
                "{a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn a_listed_run_analyses_exactly_the_named_files_and_skips_the_vanished() {
    let root = env!("CARGO_MANIFEST_DIR").to_string();
    let req = AnalyzeRequest {
        path: root.clone(),
        root,
        files: Some(vec![
            "src/lib.rs".into(),
            "src/text.rs".into(),
            "src/no_such_file.rs".into(),
            "Cargo.toml".into(),
        ]),
        ..Default::default()
    };
    let result = mca_engine::analyze(&req, &Control::default()).expect("analysed");
    let files: Vec<&str> = result.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(files, ["src/lib.rs", "src/text.rs"]);
    let skipped: Vec<(&str, &str)> = result
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("Cargo.toml", "unsupported-language"),
            ("src/no_such_file.rs", "vanished")
        ]
    );
}
