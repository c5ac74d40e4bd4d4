//! A TS/JS `require()` takes its kind from when it runs (docs/METRICS.md), in both grammars
//! and in the full and the imports-only pass; the same source and expectations as
//! test/unit/engine-wasm-imports.test.ts.

use mca_engine::{analyze_source_with, Language, Passes};

fn kinds(
    path: &str,
    language: Language,
    src: &str,
    passes: Passes,
) -> Vec<(String, &'static str, u64)> {
    analyze_source_with(path, language, src, passes)
        .expect("analysis")
        .imports
        .into_iter()
        .map(|i| (i.specifier, i.kind.as_str(), i.line))
        .collect()
}

#[test]
fn require_kind_from_when_it_runs() {
    let src = [
        "const a = require(\"a\");",
        "if (x) { try { module.exports = { b: require(\"b\") }; } catch {} }",
        "class C {",
        "  static s = require(\"s\");",
        "  f = require(\"f\");",
        "  static { require(\"blk\"); }",
        "  [require(\"key\")]() { return require(\"m\"); }",
        "  get g() { return require(\"get\"); }",
        "}",
        "function d(p = require(\"p\")) { { const n = () => require(\"n\"); } }",
        "(function () { require(\"iife\"); })();",
        "const l = import(\"l\");",
        "import t = require(\"t\");",
    ]
    .join("\n");
    let mut expected: Vec<(String, &str, u64)> = [
        ("a", "static", 1),
        ("b", "static", 2),
        ("s", "static", 4),
        ("f", "dynamic", 5),
        ("blk", "static", 6),
        ("key", "static", 7),
        ("m", "dynamic", 7),
        ("get", "dynamic", 8),
        ("p", "dynamic", 10),
        ("n", "dynamic", 10),
        ("iife", "dynamic", 11),
        ("l", "dynamic", 12),
        ("t", "static", 13),
    ]
    .into_iter()
    .map(|(s, k, l)| (s.to_string(), k, l))
    .collect();
    for passes in [Passes::All, Passes::ImportsOnly] {
        assert_eq!(kinds("m.ts", Language::Typescript, &src, passes), expected);
    }
    // `import t = require("t")` is TypeScript only: the last line is left out.
    expected.pop();
    let js = &src[..src.rfind('\n').expect("lines")];
    for passes in [Passes::All, Passes::ImportsOnly] {
        assert_eq!(kinds("m.js", Language::Javascript, js, passes), expected);
    }
}
