//! An analysis asked for tags without the references a local scope binds
//! (`AnalyzeRequest.tags_without_local`, what the navigation index asks for) gives exactly the
//! tags it gives otherwise, less those references, and the same files.

use std::path::Path;

use mca_engine::{analyze, AnalyzeRequest, Control};

fn request(dir: &Path, without_local: Option<bool>) -> AnalyzeRequest {
    let root = dir.to_string_lossy().into_owned();
    AnalyzeRequest {
        path: root.clone(),
        root,
        gitignore: Some(false),
        imports_only: Some(true),
        tags: Some(true),
        tags_without_local: without_local,
        ..Default::default()
    }
}

#[test]
fn tags_without_local_are_the_tags_less_the_local_references() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dropped = 0;
    for dir in [
        "test/fixtures",
        "src/navigation",
        "crates/engine/src",
        "test/golden",
    ] {
        let dir = repo.join(dir);
        let all = analyze(&request(&dir, None), &Control::default()).unwrap();
        let kept = analyze(&request(&dir, Some(false)), &Control::default()).unwrap();
        let lean = analyze(&request(&dir, Some(true)), &Control::default()).unwrap();
        assert_eq!(lean.files, all.files, "{}", dir.display());
        assert_eq!(kept.tags, all.tags, "{}", dir.display());
        let (all, lean) = (all.tags.unwrap(), lean.tags.unwrap());
        assert_eq!(all.len(), lean.len());
        for (mut a, l) in all.into_iter().zip(lean) {
            let before = a.references.len();
            a.references.retain(|r| r.local.is_none());
            dropped += before - a.references.len();
            assert_eq!(l, a, "{}", a.path);
        }
    }
    assert!(dropped > 100, "{dropped} local references");
}

#[test]
fn without_tags_the_option_gives_none() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut req = request(&dir, Some(true));
    req.tags = None;
    assert_eq!(analyze(&req, &Control::default()).unwrap().tags, None);
}
