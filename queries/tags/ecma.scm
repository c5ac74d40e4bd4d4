; Tags shared by JavaScript, TypeScript and TSX: only node types all three grammars have, so
; javascript.scm, typescript.scm and tsx.scm can all inherit this file (README: "Inheritance").
; Pattern order matters where two patterns name the same identifier: the earlier one gives the
; kind (a `const f = () => …` is a function before it is a constant).

; ---- definitions --------------------------------------------------------------------------

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_expression name: (identifier) @name) @definition.function

; Function-valued variables are functions wherever they are (like a nested function
; declaration); other variables only at module level (locals are not navigation targets).
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; CommonJS and prototype assignments: `exports.f = function …`, `A.prototype.f = () => …`.
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]) @definition.function

(pair
  key: (property_identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; Constructors are found through their class (`new C()` references C).
(method_definition
  name: [(property_identifier) (private_property_identifier)] @name
  (#not-eq? @name "constructor")) @definition.method

(class_declaration name: (_) @name) @definition.class
(class name: (_) @name) @definition.class

(program (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant))
(program (lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable))
(program (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable))

; `export …` (in a TypeScript namespace too: exported from it).
(export_statement
  declaration: [
    (function_declaration name: (identifier) @name)
    (generator_function_declaration name: (identifier) @name)
  ] @definition.function.exported)
(export_statement declaration: (class_declaration name: (_) @name) @definition.class.exported)
(export_statement
  declaration: (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant.exported))
(export_statement
  declaration: (lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable.exported))
(export_statement
  declaration: (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable.exported))
(export_statement value: (function_expression name: (identifier) @name) @definition.function.exported)
(export_statement value: (class name: (_) @name) @definition.class.exported)

; ---- imports ------------------------------------------------------------------------------

(import_statement (import_clause (identifier) @name) source: (string) @source) @import.default
(import_statement (import_clause (namespace_import (identifier) @name)) source: (string) @source) @import.namespace
(import_statement
  (import_clause (named_imports (import_specifier name: (identifier) @name !alias)))
  source: (string) @source) @import
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @imported alias: (identifier) @name)))
  source: (string) @source) @import

; Re-exports: `export { a, b as c } from 's'`, `export * as ns from 's'` bind no local name but
; export one: listed as imports (README, "What is captured") so that an importer of this file
; can be followed to the definition; `export * from 's'` is a star import named `*`.
(export_statement
  (export_clause (export_specifier name: (identifier) @name !alias))
  source: (string) @source) @import
(export_statement
  (export_clause (export_specifier name: (identifier) @imported alias: (identifier) @name))
  source: (string) @source) @import
(export_statement (namespace_export (identifier) @name) source: (string) @source) @import.namespace
; `export * from 's'`: a star re-export, name `*` (README, rule 2).
(export_statement "*" @name source: (string) @source) @import.namespace

; CommonJS: `const x = require('s')`, `const { a, b: c } = require('s')`.
(variable_declarator
  name: (identifier) @name
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @source .))
  (#eq? @_require "require")) @import.default
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @name)
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @source .))
  (#eq? @_require "require")) @import
(variable_declarator
  name: (object_pattern (pair_pattern key: (property_identifier) @imported value: (identifier) @name))
  value: (call_expression function: (identifier) @_require arguments: (arguments . (string) @source .))
  (#eq? @_require "require")) @import

; ---- references ---------------------------------------------------------------------------

(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (member_expression
    object: [(identifier) (this)] @receiver
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(call_expression
  function: (member_expression object: (_) @object property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
(new_expression
  constructor: (member_expression object: (identifier) @receiver property: (property_identifier) @name)) @reference.call

(member_expression
  object: [(identifier) (this)] @receiver
  property: [(property_identifier) (private_property_identifier)] @name) @reference.reference
(member_expression object: (_) @object property: [(property_identifier) (private_property_identifier)] @name) @reference.reference

; `export { a }`, `export { a as b }`: a use of the local a (with `from`, rule 5 leaves the import).
(export_clause (export_specifier name: (identifier) @name)) @reference.reference

; Identifiers in expression position (not parameters, declared names or property keys).
(primary_expression/identifier) @name @reference.reference
(object (shorthand_property_identifier) @name @reference.reference)

; ---- local scopes (rule 7) ----------------------------------------------------------------

; A binding applies to its whole scope node (the innermost @local.scope around it): parameters
; to their function, `let`/`const`/`var` to the block (or function, `for`, module) they are
; written in, catch and for bindings to their clause or loop. They bind values
; (`@local.definition.value`): a parameter `Error` leaves the type `Error` alone.
[
  (function_declaration)
  (generator_function_declaration)
  (function_expression)
  (generator_function)
  (arrow_function)
  (method_definition)
  (class_declaration)
  (class)
  (statement_block)
  (for_statement)
  (for_in_statement)
  (catch_clause)
] @local.scope

(variable_declarator name: (identifier) @local.definition.value)
(arrow_function parameter: (identifier) @local.definition.value)
(catch_clause parameter: (identifier) @local.definition.value)
(for_in_statement kind: ["const" "let" "var"] left: (identifier) @local.definition.value)
; Destructuring, default and rest patterns, at any depth (in a declaration, a parameter, a
; catch or a for binding; also in a destructuring assignment, where they bind nothing new).
(object_pattern (shorthand_property_identifier_pattern) @local.definition.value)
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.value)
(pair_pattern value: (identifier) @local.definition.value)
(array_pattern (identifier) @local.definition.value)
(assignment_pattern left: (identifier) @local.definition.value)
(rest_pattern (identifier) @local.definition.value)

; ---- doc links (rule 8) ---------------------------------------------------------------------

; Comments: a JSDoc comment's `{@link X}` / `{@link Ns.X}` targets are references (rule 8).
(comment) @doc

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A local made by `new`: `const s = new Shape()` declares s a Shape (`new geo.Shape()`: geo.Shape).
(variable_declarator
  name: (identifier) @local.definition.value
  value: (new_expression
    constructor: [(identifier) (member_expression object: (identifier) property: (property_identifier))] @local.type))
