//! TypeScript and TSX (tree-sitter-typescript 0.23.2): the JavaScript rules plus the
//! declarations that count as statements. Bodiless signatures are not functions.

use crate::metrics::rules::LangRules;

const STATEMENTS: &[&str] = &[
    "expression_statement",
    "variable_declaration",
    "lexical_declaration",
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "try_statement",
    "with_statement",
    "break_statement",
    "continue_statement",
    "return_statement",
    "throw_statement",
    "debugger_statement",
    "switch_statement",
    "import_statement",
    "function_declaration",
    "generator_function_declaration",
    "class_declaration",
    "export_statement",
    // TypeScript's own:
    "abstract_class_declaration",
    "type_alias_declaration",
    "interface_declaration",
    "enum_declaration",
    "internal_module",
    "module",
    "ambient_declaration",
    "import_alias",
    "function_signature",
];

pub static RULES: LangRules = super::javascript::rules(STATEMENTS);
