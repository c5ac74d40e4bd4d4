//! An analysis asked for tags (`AnalyzeRequest.tags`) gives, from its one parse per file, the
//! very tags the tags pass gives (which parses again), for both passes, and the same analysis
//! as without tags.

use std::path::Path;

use mca_engine::{analyze, tags, AnalyzeRequest, Control, TagsRequest};

fn request(dir: &Path, imports_only: bool, with_tags: bool) -> AnalyzeRequest {
    let root = dir.to_string_lossy().into_owned();
    AnalyzeRequest {
        path: root.clone(),
        root,
        gitignore: Some(false),
        imports_only: Some(imports_only),
        tags: Some(with_tags),
        ..Default::default()
    }
}

#[test]
fn tags_from_the_analysis_parse_equal_the_tags_pass() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut compared = 0;
    for dir in ["test/fixtures", "src/navigation", "crates/engine/src"] {
        let dir = repo.join(dir);
        for imports_only in [true, false] {
            let tagged = analyze(&request(&dir, imports_only, true), &Control::default()).unwrap();
            let plain = analyze(&request(&dir, imports_only, false), &Control::default()).unwrap();
            assert_eq!(plain.tags, None);
            assert_eq!(tagged.files, plain.files, "{}", dir.display());
            let got = tagged.tags.expect("tags asked for");
            let files = tagged
                .files
                .iter()
                .map(|f| {
                    serde_json::json!({ "path": dir.join(&f.path), "rel": f.path, "language": f.language })
                })
                .collect::<Vec<_>>();
            let req: TagsRequest =
                serde_json::from_value(serde_json::json!({ "files": files })).unwrap();
            let want = tags(&req, &Control::default()).unwrap();
            assert!(want.skipped.is_empty(), "{:?}", want.skipped);
            assert_eq!(got, want.files, "{}", dir.display());
            compared += got.len();
        }
    }
    assert!(compared > 60, "{compared} files compared");
}
