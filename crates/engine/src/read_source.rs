//! Reading and decoding a source file (src/engine/read-source.ts): every failure is a
//! skip reason, never an error of the run.

use std::io::ErrorKind;
use std::path::Path;

use crate::error::SkipReason;

/// Git's heuristic: a NUL byte in the first 8 KiB means binary.
const BINARY_PROBE: usize = 8 * 1024;

pub enum SourceRead {
    Ok {
        bytes: usize,
        text: String,
    },
    Skip {
        reason: SkipReason,
        detail: Option<String>,
    },
}

/// Node's error code for an I/O error, for the `unreadable` detail.
pub fn errno_name(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "ENOENT".into(),
        ErrorKind::PermissionDenied => "EACCES".into(),
        ErrorKind::IsADirectory => "EISDIR".into(),
        _ => match e.raw_os_error() {
            Some(40) => "ELOOP".into(),
            Some(20) => "ENOTDIR".into(),
            _ => e.to_string(),
        },
    }
}

pub fn read_source(path: &Path, max_size: u64) -> SourceRead {
    match std::fs::read(path) {
        Ok(bytes) => check_source(bytes, max_size),
        Err(e) if e.kind() == ErrorKind::NotFound => SourceRead::Skip {
            reason: SkipReason::Vanished,
            detail: None,
        },
        Err(e) => SourceRead::Skip {
            reason: SkipReason::Unreadable,
            detail: Some(errno_name(&e)),
        },
    }
}

pub fn check_source(bytes: Vec<u8>, max_size: u64) -> SourceRead {
    let len = bytes.len();
    if len as u64 > max_size {
        return SourceRead::Skip {
            reason: SkipReason::TooLarge,
            detail: Some(format!("{len} bytes > limit {max_size}")),
        };
    }
    if bytes[..len.min(BINARY_PROBE)].contains(&0) {
        return SourceRead::Skip {
            reason: SkipReason::Binary,
            detail: None,
        };
    }
    match String::from_utf8(bytes) {
        // TextDecoder (ignoreBOM: false) drops a leading BOM; positions count from after it.
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..3);
            }
            SourceRead::Ok { bytes: len, text }
        }
        Err(_) => SourceRead::Skip {
            reason: SkipReason::InvalidUtf8,
            detail: None,
        },
    }
}
