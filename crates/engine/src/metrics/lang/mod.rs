//! Rule tables per language (src/engine/wasm/metrics/lang/*.ts).

pub mod go;
pub mod java;
pub mod javascript;
pub mod python;
pub mod rust;
pub mod typescript;

use super::rules::LangRules;
use crate::lang::Language;

pub fn rules_for(language: Language) -> &'static LangRules {
    match language {
        Language::Typescript | Language::Tsx => &typescript::RULES,
        Language::Javascript => &javascript::RULES,
        Language::Python => &python::RULES,
        Language::Go => &go::RULES,
        Language::Rust => &rust::RULES,
        Language::Java => &java::RULES,
    }
}
