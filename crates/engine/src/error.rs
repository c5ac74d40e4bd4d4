//! The engine's errors as types (practice 13): what ends a whole run is an `EngineError`;
//! what keeps one file or directory out of a run is a `SkipReason`, reported as data.

use serde::{Deserialize, Serialize};

/// Why a run could not give a result. Per-file failures are never one of these.
#[derive(Debug)]
pub enum EngineError {
    /// The analysed path or the root could not be read (missing, not a directory, denied).
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The caller's cancellation flag was set.
    Cancelled,
    /// A request that cannot be run as given: bad JSON, a glob that does not compile.
    InvalidArgument(String),
    /// tree-sitter gave no tree (a parser without a language, a cancelled parse).
    NoTree { path: String },
    /// A bug: a panic caught at the boundary, a thread pool that could not start.
    Internal(String),
}

impl EngineError {
    pub fn io(source: std::io::Error, path: &str) -> Self {
        EngineError::Io {
            path: path.to_string(),
            source,
        }
    }

    pub fn invalid(e: impl std::fmt::Display) -> Self {
        EngineError::InvalidArgument(e.to_string())
    }

    /// The code the TypeScript side maps to a catalog error (native-engine.ts `fromAddon`):
    /// Node's errno name for I/O (`ENOENT`/`ENOTDIR` mean path not found), else the kind.
    pub fn code(&self) -> String {
        match self {
            EngineError::Io { source, .. } => crate::read_source::errno_name(source),
            EngineError::Cancelled => "CANCELLED".into(),
            EngineError::InvalidArgument(_) => "INVALID_ARGUMENT".into(),
            EngineError::NoTree { .. } | EngineError::Internal(_) => "INTERNAL".into(),
        }
    }
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Io { path, source } => write!(f, "{path}: {source}"),
            EngineError::Cancelled => f.write_str("The analysis was cancelled."),
            EngineError::InvalidArgument(m) | EngineError::Internal(m) => f.write_str(m),
            EngineError::NoTree { path } => write!(f, "tree-sitter returned no tree for {path}"),
        }
    }
}

impl std::error::Error for EngineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EngineError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Why a file or directory is in `skipped`: `SkipReason` of src/engine/types.ts, the same
/// strings on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    #[serde(rename = "invalid-utf8")]
    InvalidUtf8,
    Unreadable,
    UnsupportedLanguage,
    Vanished,
    /// A directory the walk could not list (detail: the error code, `EILSEQ` for a name
    /// that is not UTF-8): nothing under it was analysed.
    UnreadableDirectory,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too-large",
            SkipReason::InvalidUtf8 => "invalid-utf8",
            SkipReason::Unreadable => "unreadable",
            SkipReason::UnsupportedLanguage => "unsupported-language",
            SkipReason::Vanished => "vanished",
            SkipReason::UnreadableDirectory => "unreadable-directory",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
