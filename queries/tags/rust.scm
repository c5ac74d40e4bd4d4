; Rust. Exported = has a visibility modifier (`pub`, `pub(crate)`, …: visible outside the file);
; the `.exported` patterns are at the end and the kind comes from the earlier pattern that names
; the same identifier.

; ---- definitions --------------------------------------------------------------------------

; A method's container is the type of its `impl` (`impl<T> Trait for Stack<T>` → Stack).
(impl_item
  type: [
    (type_identifier) @container
    (generic_type type: (type_identifier) @container)
    (scoped_type_identifier name: (type_identifier) @container)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @container))
  ]
  body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(impl_item body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(trait_item
  body: (declaration_list
    [
      (function_item name: (identifier) @name)
      (function_signature_item name: (identifier) @name)
    ] @definition.method))
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(macro_definition name: (identifier) @name) @definition.function

(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type
(mod_item name: (identifier) @name) @definition.module
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.variable
(field_declaration name: (field_identifier) @name) @definition.field
(enum_variant name: (identifier) @name) @definition.constant

(function_item (visibility_modifier) name: (identifier) @name) @definition.function.exported
(struct_item (visibility_modifier) name: (type_identifier) @name) @definition.struct.exported
(union_item (visibility_modifier) name: (type_identifier) @name) @definition.struct.exported
(enum_item (visibility_modifier) name: (type_identifier) @name) @definition.enum.exported
(trait_item (visibility_modifier) name: (type_identifier) @name) @definition.trait.exported
(type_item (visibility_modifier) name: (type_identifier) @name) @definition.type.exported
(mod_item (visibility_modifier) name: (identifier) @name) @definition.module.exported
(const_item (visibility_modifier) name: (identifier) @name) @definition.constant.exported
(static_item (visibility_modifier) name: (identifier) @name) @definition.variable.exported
(field_declaration (visibility_modifier) name: (field_identifier) @name) @definition.field.exported

; ---- imports ------------------------------------------------------------------------------

; `use a::b::C;` binds C from a::b; `use a::b as c;` binds c; `use a::{b, c as d};` binds b and
; d from a (a nested `use a::{b::c}` binds c, with source a: a query cannot join the two paths).
(use_declaration argument: (identifier) @name @source) @import
(use_declaration argument: (scoped_identifier path: (_) @source name: (identifier) @name)) @import
; `as _` binds nothing (a trait imported for its methods).
(use_declaration
  argument: (use_as_clause path: (scoped_identifier path: (_) @source name: (identifier) @imported) alias: (identifier) @name)
  (#not-eq? @name "_")) @import
(use_declaration
  argument: (use_as_clause path: (identifier) @imported @source alias: (identifier) @name)
  (#not-eq? @name "_")) @import
(scoped_use_list
  path: (_) @source
  list: (use_list
    [
      (identifier) @name
      (scoped_identifier name: (identifier) @name)
      (use_as_clause path: [(identifier) (scoped_identifier name: (identifier))] @imported alias: (identifier) @name)
    ])
  (#not-eq? @name "_")) @import
; `use std::io::{self, …}` binds io, like `use std::io;`.
(scoped_use_list
  path: (scoped_identifier path: (_) @source name: (identifier) @name)
  list: (use_list (self))) @import

; ---- references ---------------------------------------------------------------------------

(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @name)) @reference.call
(call_expression function: (field_expression value: (_) @object field: (field_identifier) @name)) @reference.call
(call_expression function: (scoped_identifier path: (identifier) @receiver name: (identifier) @name)) @reference.call
(call_expression function: (scoped_identifier name: (identifier) @name)) @reference.call
(call_expression function: (scoped_identifier path: (_) @member name: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @name))) @reference.call
(call_expression function: (generic_function function: (scoped_identifier name: (identifier) @name))) @reference.call
(call_expression
  function: (generic_function function: (scoped_identifier path: (_) @member name: (identifier) @name))) @reference.call
(call_expression
  function: (generic_function function: (field_expression value: (_) @object field: (field_identifier) @name))) @reference.call
; Macros have their own namespace: a local never hides one (rule 7).
(macro_invocation macro: (identifier) @name) @reference.call @member
(struct_expression name: (type_identifier) @name) @reference.call

(scoped_type_identifier path: (identifier) @receiver name: (type_identifier) @name) @reference.type
(scoped_type_identifier path: (_) @member name: (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type

(field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @name) @reference.reference
(field_expression value: (_) @object field: (field_identifier) @name) @reference.reference
(_expression/identifier) @name @reference.reference
(shorthand_field_initializer (identifier) @name @reference.reference)

; ---- local scopes (rule 7) ----------------------------------------------------------------

; Functions, closures, blocks, `for`, `if let`/`while let`, match arms; items with generics for
; their type parameters. Parameters and `let`/pattern bindings bind values, type parameters types
; (`@local.definition.value`, `.type`: Rust keeps the namespaces apart). Identifiers nested in
; patterns bind only when lower-case (`None`, `Empty`, `MAX` there are constants or variants).
[
  (function_item)
  (function_signature_item)
  (closure_expression)
  (block)
  (for_expression)
  (if_expression)
  (while_expression)
  (match_arm)
  (impl_item)
  (trait_item)
  (struct_item)
  (enum_item)
  (union_item)
  (type_item)
] @local.scope

(parameter pattern: (identifier) @local.definition.value)
(closure_parameters (identifier) @local.definition.value)
(let_declaration pattern: (identifier) @local.definition.value)
(for_expression pattern: (identifier) @local.definition.value)
(mut_pattern (identifier) @local.definition.value)
(ref_pattern (identifier) @local.definition.value)
(reference_pattern (identifier) @local.definition.value)
(field_pattern name: (shorthand_field_identifier) @local.definition.value)
(field_pattern pattern: (identifier) @local.definition.value)
((captured_pattern . (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
((tuple_pattern (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
((slice_pattern (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
((tuple_struct_pattern type: (_) (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
((match_pattern (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
((let_condition pattern: (identifier) @local.definition.value) (#match? @local.definition.value "^[a-z_]"))
(type_parameter name: (type_identifier) @local.definition.type)

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A parameter's or `let`'s declared type (`s: Shape`, `s: &mut Shape`, `s: Box<T>`), and
; `let s = Shape { … }` / `let s = Shape::new(…)`.
(parameter
  pattern: (identifier) @local.definition.value
  type: [(type_identifier) @local.type
         (generic_type type: (type_identifier) @local.type)
         (reference_type type: [(type_identifier) @local.type (generic_type type: (type_identifier) @local.type)])])
(let_declaration
  pattern: [(identifier) @local.definition.value (mut_pattern (identifier) @local.definition.value)]
  type: [(type_identifier) @local.type
         (generic_type type: (type_identifier) @local.type)
         (reference_type type: [(type_identifier) @local.type (generic_type type: (type_identifier) @local.type)])])
(let_declaration
  pattern: [(identifier) @local.definition.value (mut_pattern (identifier) @local.definition.value)]
  value: (struct_expression name: (type_identifier) @local.type))
((let_declaration
  pattern: [(identifier) @local.definition.value (mut_pattern (identifier) @local.definition.value)]
  value: (call_expression function: (scoped_identifier path: (identifier) @local.type name: (identifier) @_new)))
  (#eq? @_new "new")
  (#match? @local.type "^[A-Z]"))
