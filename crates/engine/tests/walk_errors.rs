//! Walk errors are data (as in src/engine/discovery.ts): a directory that cannot be listed
//! and an entry whose name is not UTF-8 land in `skipped` with a reason, never silently.
#![cfg(unix)]

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use mca_engine::types::SkippedFile;
use mca_engine::{AnalyzeRequest, Control, SkipReason};

fn temp_tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mca-walk-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("ok")).unwrap();
    fs::write(dir.join("ok/a.ts"), "export const a = 1;\n").unwrap();
    dir
}

/// The paths analysed and the entries skipped.
fn run(dir: &Path) -> (Vec<String>, Vec<SkippedFile>) {
    let root = dir.to_string_lossy().into_owned();
    let req = AnalyzeRequest {
        path: root.clone(),
        root,
        ..Default::default()
    };
    let result = mca_engine::analyze(&req, &Control::default()).expect("run");
    let files = result.files.into_iter().map(|f| f.path).collect();
    (files, result.skipped)
}

fn skip(path: &str, reason: SkipReason, detail: &str) -> SkippedFile {
    SkippedFile {
        path: path.into(),
        reason,
        detail: Some(detail.into()),
    }
}

#[test]
fn names_that_are_not_utf8_are_skipped_with_eilseq() {
    let dir = temp_tree("names");
    let bad_dir = dir.join(std::ffi::OsStr::from_bytes(b"d\xff"));
    fs::create_dir(&bad_dir).unwrap();
    fs::write(bad_dir.join("inside.py"), "x = 1\n").unwrap();
    fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"f\xfe.go")),
        "package f\n",
    )
    .unwrap();
    // An unknown extension is passed over, whatever its name.
    fs::write(dir.join(std::ffi::OsStr::from_bytes(b"n\xfe.txt")), "x").unwrap();
    let (files, got) = run(&dir);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(files, ["ok/a.ts"]);
    assert_eq!(
        got,
        [
            skip("d\u{FFFD}", SkipReason::UnreadableDirectory, "EILSEQ"),
            skip("f\u{FFFD}.go", SkipReason::Unreadable, "EILSEQ"),
        ]
    );
}

#[test]
fn a_directory_that_cannot_be_listed_is_skipped_with_its_error() {
    let dir = temp_tree("mode000");
    let locked = dir.join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("b.rs"), "fn b() {}\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root (CAP_DAC_READ_SEARCH) lists it anyway: then there is no error to report.
    let denied = fs::read_dir(&locked).is_err();
    let (files, got) = run(&dir);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    fs::remove_dir_all(&dir).unwrap();
    if denied {
        assert_eq!(files, ["ok/a.ts"]);
        assert_eq!(
            got,
            [skip("locked", SkipReason::UnreadableDirectory, "EACCES")]
        );
    } else {
        // Running as root: mode 000 is no error here (the names test covers a real one).
        assert_eq!(
            (files, got),
            (vec!["locked/b.rs".into(), "ok/a.ts".into()], vec![])
        );
    }
}
