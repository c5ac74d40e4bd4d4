//! Thin napi-rs binding of `mca-engine`. Long work runs on the libuv pool as an
//! `AsyncTask` (then on the engine's own rayon pool), never on the JS thread. Results
//! cross as JSON strings (one copy, parsed by V8's fast JSON.parse). No panic crosses
//! into Node: every entry point catches unwinds and turns them into errors.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use mca_engine::analyze::panic_message;
use mca_engine::{AnalyzeRequest, Control, EngineError};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Errors reach JS as a JSON message `{code, message}` so the TS side can map codes.
fn js_error(e: EngineError) -> Error {
    let body = serde_json::json!({ "code": e.code(), "message": e.to_string() });
    Error::new(Status::GenericFailure, body.to_string())
}

fn guarded<T>(f: impl FnOnce() -> std::result::Result<T, EngineError>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(js_error),
        Err(p) => Err(js_error(EngineError::Internal(panic_message(&p)))),
    }
}

/// Cancellation in (set when the AbortSignal fires), progress out (polled by JS).
#[napi]
pub struct RunControl {
    inner: Arc<Control>,
}

#[napi]
impl RunControl {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        RunControl {
            inner: Arc::new(Control::default()),
        }
    }

    #[napi]
    pub fn cancel(&self) {
        self.inner.cancel.store(true, Ordering::Relaxed);
    }

    /// `[filesDone, filesTotal]` (filesTotal is 0 until discovery has finished).
    #[napi]
    pub fn progress(&self) -> Vec<u32> {
        let done = self.inner.files_done.load(Ordering::Relaxed) as u32;
        let total = self.inner.files_total.load(Ordering::Relaxed) as u32;
        vec![done, total]
    }
}

/// A run that takes a JSON request and a `Control` and gives JSON: analyze and tags differ
/// only in the engine function they call.
pub struct ControlledTask {
    request: String,
    control: Arc<Control>,
    run: fn(&str, &Control) -> std::result::Result<String, EngineError>,
}

impl Task for ControlledTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let control = self.control.clone();
        let request = self.request.clone();
        let run = self.run;
        guarded(move || run(&request, &control))
    }

    fn resolve(&mut self, _env: Env, output: String) -> Result<String> {
        Ok(output)
    }
}

fn analyze_json(request: &str, control: &Control) -> std::result::Result<String, EngineError> {
    let req: AnalyzeRequest = serde_json::from_str(request).map_err(EngineError::invalid)?;
    let result = mca_engine::analyze(&req, control)?;
    serde_json::to_string(&result).map_err(|e| EngineError::Internal(e.to_string()))
}

/// Analyses a file or directory (`request` = AnalyzeOptions JSON without signal/progress);
/// resolves to the AnalyzeResult as JSON.
#[napi(ts_return_type = "Promise<string>")]
pub fn analyze(request: String, control: &RunControl) -> AsyncTask<ControlledTask> {
    AsyncTask::new(ControlledTask {
        request,
        control: control.inner.clone(),
        run: analyze_json,
    })
}

pub struct GraphTask {
    request: String,
}

impl Task for GraphTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let request = self.request.clone();
        guarded(move || mca_engine::deps::graph_json(&request))
    }

    fn resolve(&mut self, _env: Env, output: String) -> Result<String> {
        Ok(output)
    }
}

/// Resolves imports and builds the dependency graph; `request` = {files, root, options}.
#[napi(ts_return_type = "Promise<string>")]
pub fn dependencies(request: String) -> AsyncTask<GraphTask> {
    AsyncTask::new(GraphTask { request })
}

/// Tags of files (queries/tags); `request` = {files: [{path (absolute), rel (reported),
/// language?}], maxFileSize?, threads?}; resolves to {files: FileTags[], skipped} as JSON,
/// both in the order of the request's files.
#[napi(ts_return_type = "Promise<string>")]
pub fn tags(request: String, control: &RunControl) -> AsyncTask<ControlledTask> {
    AsyncTask::new(ControlledTask {
        request,
        control: control.inner.clone(),
        run: mca_engine::tags_json,
    })
}

/// Names the engine and every grammar: a grammar upgrade changes results.
#[napi]
pub fn engine_version() -> String {
    mca_engine::version().to_string()
}

/// Panics inside the engine, on purpose, to test that no panic crosses into Node.
#[napi]
pub fn panic_for_test() -> Result<()> {
    guarded(|| -> std::result::Result<(), EngineError> {
        panic!("deliberate panic for the boundary test")
    })
}
