; inherits: ecma
; TypeScript, valid for both the typescript and the tsx grammar (tsx.scm adds JSX). The
; typescript grammar has no JSX nodes and the tsx grammar no `type_assertion`: use neither here.

; ---- definitions --------------------------------------------------------------------------

(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
(module name: [(identifier) (nested_identifier)] @name) @definition.module

; Overloads and `declare function`.
(function_signature name: (identifier) @name) @definition.function
(method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(abstract_method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method

(public_field_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.field
(property_signature name: (property_identifier) @name) @definition.field
; Parameter properties: `constructor(private readonly radius: number)` declares a field.
(required_parameter (accessibility_modifier) pattern: (identifier) @name) @definition.field
(optional_parameter (accessibility_modifier) pattern: (identifier) @name) @definition.field
(enum_body name: (property_identifier) @name @definition.constant)
(enum_assignment name: (property_identifier) @name) @definition.constant

(export_statement declaration: (abstract_class_declaration name: (type_identifier) @name) @definition.class.exported)
(export_statement declaration: (interface_declaration name: (type_identifier) @name) @definition.interface.exported)
(export_statement declaration: (type_alias_declaration name: (type_identifier) @name) @definition.type.exported)
(export_statement declaration: (enum_declaration name: (identifier) @name) @definition.enum.exported)
(export_statement declaration: (internal_module name: [(identifier) (nested_identifier)] @name) @definition.module.exported)
(export_statement declaration: (function_signature name: (identifier) @name) @definition.function.exported)
; `export declare …`: the kind comes from the earlier pattern that names the same identifier.
(program (ambient_declaration (lexical_declaration (variable_declarator name: (identifier) @name) @definition.constant)))
(export_statement
  declaration: (ambient_declaration
    [
      (function_signature name: (identifier) @name)
      (class_declaration name: (type_identifier) @name)
      (interface_declaration name: (type_identifier) @name)
      (type_alias_declaration name: (type_identifier) @name)
      (enum_declaration name: (identifier) @name)
    ] @definition.function.exported))
(export_statement
  declaration: (ambient_declaration
    (lexical_declaration (variable_declarator name: (identifier) @name) @definition.constant.exported)))

; ---- imports ------------------------------------------------------------------------------

; `import x = require('s')`
(import_statement (import_require_clause (identifier) @name source: (string) @source)) @import.default

; ---- references ---------------------------------------------------------------------------

(nested_type_identifier module: (identifier) @receiver name: (type_identifier) @name) @reference.type
(nested_type_identifier module: (_) @member name: (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type
; `typeof x` in a type uses the value x (a parameter's own type included: rule 7 sees it as a value).
(type_query (identifier) @name) @reference.reference
(type_query (member_expression object: (identifier) @name)) @reference.reference
(type_query (instantiation_expression function: (identifier) @name)) @reference.reference

; ---- local scopes (rule 7) ----------------------------------------------------------------

; Type parameters bind in their declaration (class, interface, type alias, function, method,
; signature, function type); `infer X` in its conditional type; `K` of `[K in …]` in its
; index signature. They bind types only (`@local.definition.type`): a type parameter `Item`
; leaves the value `Item` (`<Item />`, `Item.of()`) alone.
[
  (abstract_class_declaration)
  (interface_declaration)
  (type_alias_declaration)
  (function_signature)
  (method_signature)
  (abstract_method_signature)
  (call_signature)
  (construct_signature)
  (function_type)
  (constructor_type)
  (conditional_type)
  (index_signature)
] @local.scope

(required_parameter pattern: (identifier) @local.definition.value)
(optional_parameter pattern: (identifier) @local.definition.value)
(type_parameter name: (type_identifier) @local.definition.type)
(infer_type (type_identifier) @local.definition.type)
(mapped_type_clause name: (type_identifier) @local.definition.type)

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A parameter's or variable's declared type: `s: Shape`, `s: Shape<T>`, `s: geo.Shape`.
(required_parameter
  pattern: (identifier) @local.definition.value
  type: (type_annotation
    [(type_identifier) @local.type
     (nested_type_identifier) @local.type
     (generic_type name: [(type_identifier) (nested_type_identifier)] @local.type)]))
(optional_parameter
  pattern: (identifier) @local.definition.value
  type: (type_annotation
    [(type_identifier) @local.type
     (nested_type_identifier) @local.type
     (generic_type name: [(type_identifier) (nested_type_identifier)] @local.type)]))
(variable_declarator
  name: (identifier) @local.definition.value
  type: (type_annotation
    [(type_identifier) @local.type
     (nested_type_identifier) @local.type
     (generic_type name: [(type_identifier) (nested_type_identifier)] @local.type)]))
