//! Structure rules per language (src/engine/wasm/structure/lang/*.ts).

pub mod go;
pub mod java;
pub mod python;
pub mod rust;
pub mod typescript;
