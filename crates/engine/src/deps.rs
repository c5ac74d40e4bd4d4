//! Dependency graph (placeholder until the port of src/engine/deps lands).

use crate::analyze::AnalyzeError;

pub fn graph_json(_request: &str) -> Result<String, AnalyzeError> {
    Err(AnalyzeError {
        code: "UNSUPPORTED".into(),
        message: "native dependency graph not built yet".into(),
    })
}
