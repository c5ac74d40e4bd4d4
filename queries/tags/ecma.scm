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
  function: (member_expression property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
(new_expression
  constructor: (member_expression object: (identifier) @receiver property: (property_identifier) @name)) @reference.call

(member_expression
  object: [(identifier) (this)] @receiver
  property: [(property_identifier) (private_property_identifier)] @name) @reference.reference
(member_expression property: [(property_identifier) (private_property_identifier)] @name) @reference.reference

; Identifiers in expression position (not parameters, declared names or property keys).
(primary_expression/identifier) @name @reference.reference
(object (shorthand_property_identifier) @name @reference.reference)
