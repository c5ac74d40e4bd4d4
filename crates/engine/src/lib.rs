//! mcp-code-analysis native engine: the same results as the WASM engine (src/engine/wasm),
//! computed natively. Pure Rust, no napi: `crates/engine-node` is the thin binding.
//!
//! The TypeScript rule tables are the reference; each module here ports one of them with
//! the same node types, names and rounding (see ../shared/METRICS.md).

pub mod analyze;
pub mod deps;
pub mod discovery;
pub mod error;
pub mod imports;
pub mod lang;
pub mod metrics;
pub mod node;
pub mod parse_errors;
pub mod read_source;
pub mod structure;
pub mod tags;
pub mod text;
pub mod types;

pub use analyze::{
    analyze, analyze_and_tag_source, analyze_source, analyze_source_with, AnalyzeRequest, Control,
    Passes,
};
pub use error::{EngineError, SkipReason};
pub use lang::Language;
pub use tags::{tags, tags_json, tags_source, FileTags, TagsRequest, TagsResult};

/// Engine version: this crate, every grammar and the revision of the extraction rules (cache
/// keys and server_info name it). The revision is `RULES_REVISION` in src/engine/wasm/version.ts:
/// raise both when a rule changes a file's result, so no cache serves results of older rules.
pub fn version() -> &'static str {
    concat!(
        "native-",
        env!("CARGO_PKG_VERSION"),
        "+ts@0.25.10,typescript@0.23.2,javascript@0.25.0,python@0.25.0,go@0.25.0,rust@0.24.0,java@0.23.5",
        "+rules.3"
    )
}
