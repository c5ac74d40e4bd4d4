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
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call
(call_expression function: (scoped_identifier path: (identifier) @receiver name: (identifier) @name)) @reference.call
(call_expression function: (scoped_identifier name: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @name))) @reference.call
(call_expression function: (generic_function function: (scoped_identifier name: (identifier) @name))) @reference.call
(macro_invocation macro: (identifier) @name) @reference.call
(struct_expression name: (type_identifier) @name) @reference.call

(scoped_type_identifier path: (identifier) @receiver name: (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type

(field_expression value: [(identifier) (self)] @receiver field: (field_identifier) @name) @reference.reference
(field_expression field: (field_identifier) @name) @reference.reference
(_expression/identifier) @name @reference.reference
(shorthand_field_initializer (identifier) @name @reference.reference)
