//! Python imports take their kind from where they run (docs/METRICS.md), the same in the full
//! and the imports-only pass; the same source and expectations as
//! test/unit/engine-wasm-imports.test.ts.

use mca_engine::{analyze_source_with, Language, Passes};

fn kinds(src: &str, passes: Passes) -> Vec<(String, &'static str, u64)> {
    analyze_source_with("m.py", Language::Python, src, passes)
        .expect("analysis")
        .imports
        .into_iter()
        .map(|i| (i.specifier, i.kind.as_str(), i.line))
        .collect()
}

#[test]
fn kind_from_where_the_import_runs() {
    let src = [
        "from importlib import import_module as im",
        "def f(x=lambda: im(\"a\")):",
        "    class Local:",
        "        import b",
        "async def g(y=im(\"c\")):",
        "    if TYPE_CHECKING:",
        "        import d",
        "if TYPE_CHECKING:",
        "    def h(z=im(\"e\")): pass",
        "else:",
        "    import f",
        "import g",
    ]
    .join("\n");
    let expected: Vec<(String, &str, u64)> = [
        ("importlib", "static", 1),
        ("a", "dynamic", 2),
        ("b", "dynamic", 4),
        ("c", "dynamic", 5),
        ("d", "type", 7),
        ("e", "type", 9),
        ("f", "static", 11),
        ("g", "static", 12),
    ]
    .into_iter()
    .map(|(s, k, l)| (s.to_string(), k, l))
    .collect();
    assert_eq!(kinds(&src, Passes::All), expected);
    assert_eq!(kinds(&src, Passes::ImportsOnly), expected);
}
