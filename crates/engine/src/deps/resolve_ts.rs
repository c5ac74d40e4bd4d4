//! TS/JS resolution (src/engine/deps/resolve-ts.ts): relative specifiers; tsconfig `paths`
//! (a match that resolves nowhere is unresolved); `baseUrl`; Node builtins; packages.

use super::file_index::{clean, dir_of, join_path, FileIndex};
use super::tsconfig::{path_candidates, relative, resolve, TsconfigLookup};
use super::{file_targets, Resolution, ResolveContext};

/// Probed after the specifier as written. Source before output: `x.ts` wins over `x.js`.
const EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".d.ts",
];

pub const NODE_BUILTINS: &[&str] = &[
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// The ESM habit: `./x.js` in TypeScript source means `./x.ts`.
fn source_for_output(ext: &str) -> &'static [&'static str] {
    match ext {
        ".js" => &[".ts", ".tsx"],
        ".jsx" => &[".tsx"],
        ".mjs" => &[".mts"],
        ".cjs" => &[".cts"],
        _ => &[],
    }
}

#[derive(Default)]
pub struct TsResolver {
    tsconfigs: TsconfigLookup,
}

pub fn is_relative(spec: &str) -> bool {
    spec == "."
        || spec == ".."
        || spec.starts_with("./")
        || spec.starts_with("../")
        || spec.starts_with('/')
}

impl TsResolver {
    pub fn new() -> Self {
        TsResolver::default()
    }

    pub fn resolve(&mut self, ctx: &ResolveContext, from: &str, spec: &str) -> Resolution {
        if spec.starts_with('/') {
            return Resolution::Unresolved; // absolute paths depend on the machine
        }
        if is_relative(spec) {
            let hit = probe(&ctx.index, join_path(&dir_of(from), spec));
            return file_targets(hit.into_iter().collect());
        }
        let config = self.tsconfigs.for_file(&ctx.index, from);
        if let Some(mapped) = config
            .as_ref()
            .and_then(|c| path_candidates(c, &ctx.root, spec))
        {
            for candidate in mapped {
                if let Some(hit) = probe(&ctx.index, clean(&candidate)) {
                    return Resolution::File(vec![hit]);
                }
            }
            return Resolution::Unresolved;
        }
        if let Some(base) = config.as_ref().and_then(|c| c.base_url.clone()) {
            if let Some(hit) = probe(
                &ctx.index,
                clean(&relative(&ctx.root, &resolve(&base, &[spec]))),
            ) {
                return Resolution::File(vec![hit]);
            }
        }
        bare_specifier(spec)
    }
}

/// The file a path means: source-for-output swap, as written, with an extension, as an index.
pub fn probe(index: &FileIndex, path: Option<String>) -> Option<String> {
    let path = path?;
    let dot = path.rfind('.');
    let slash = path.rfind('/');
    let ext = match dot {
        Some(d) if slash.is_none_or(|s| d > s) => &path[d..],
        _ => "",
    };
    let stem = &path[..path.len() - ext.len()];
    let mut candidates: Vec<String> = source_for_output(ext)
        .iter()
        .map(|e| format!("{stem}{e}"))
        .collect();
    candidates.push(path.clone());
    candidates.extend(EXTENSIONS.iter().map(|e| format!("{path}{e}")));
    let dir = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    candidates.extend(EXTENSIONS.iter().map(|e| format!("{dir}index{e}")));
    candidates.into_iter().find(|c| index.is_file(c))
}

/// `node:fs`, `fs/promises` → builtin 'node:fs'; `@scope/pkg/sub` → '@scope/pkg'; `lodash/get` → 'lodash'.
pub fn bare_specifier(spec: &str) -> Resolution {
    if let Some(rest) = spec.strip_prefix("node:") {
        return Resolution::Builtin(format!("node:{}", rest.split('/').next().unwrap_or("")));
    }
    let parts: Vec<&str> = spec.split('/').collect();
    if NODE_BUILTINS.contains(&parts[0]) {
        return Resolution::Builtin(format!("node:{}", parts[0]));
    }
    let name = if spec.starts_with('@') && parts.len() > 1 {
        format!("{}/{}", parts[0], parts[1])
    } else {
        parts[0].to_string()
    };
    Resolution::External(name)
}
