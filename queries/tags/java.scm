; Java. Exported = an explicit `public` modifier (interface members are public implicitly; the
; query does not infer it). The `.exported` patterns are at the end; the kind comes from the
; earlier pattern that names the same identifier.

; ---- definitions --------------------------------------------------------------------------

(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
; Constructors are found through their class (`new C()` references C).
(method_declaration name: (identifier) @name) @definition.method
(annotation_type_element_declaration name: (identifier) @name) @definition.method
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(constant_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(enum_constant name: (identifier) @name) @definition.constant

(class_declaration (modifiers "public") name: (identifier) @name) @definition.class.exported
(record_declaration (modifiers "public") name: (identifier) @name) @definition.class.exported
(interface_declaration (modifiers "public") name: (identifier) @name) @definition.interface.exported
(annotation_type_declaration (modifiers "public") name: (identifier) @name) @definition.interface.exported
(enum_declaration (modifiers "public") name: (identifier) @name) @definition.enum.exported
(method_declaration (modifiers "public") name: (identifier) @name) @definition.method.exported
(field_declaration
  (modifiers "public")
  declarator: (variable_declarator name: (identifier) @name)) @definition.field.exported
(constant_declaration
  (modifiers "public")
  declarator: (variable_declarator name: (identifier) @name)) @definition.constant.exported

; ---- imports ------------------------------------------------------------------------------

; `import a.b.C;` and `import static a.b.C.m;` bind the last name; `import a.b.*;` binds none
; (its last named child is the asterisk, so the `.` anchor fails).
(import_declaration (scoped_identifier name: (identifier) @name) @source .) @import

; ---- references ---------------------------------------------------------------------------

(method_invocation object: [(identifier) (this)] @receiver name: (identifier) @name) @reference.call
; A method's name is never a local (rule 7: methods have their own namespace).
(method_invocation name: (identifier) @name) @reference.call @member
(object_creation_expression type: (type_identifier) @name) @reference.call
(object_creation_expression type: (generic_type (type_identifier) @name)) @reference.call

(scoped_type_identifier (type_identifier) @receiver . (type_identifier) @name) @reference.type
(scoped_type_identifier (_) @member . (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type

(field_access object: [(identifier) (this)] @receiver field: (identifier) @name) @reference.reference
(field_access object: (_) @object field: (identifier) @name) @reference.reference
(expression/identifier) @name @reference.reference
(primary_expression/identifier) @name @reference.reference

; ---- local scopes (rule 7) ----------------------------------------------------------------

; Methods, constructors, lambdas, blocks, loops, catch clauses and try-with-resources; classes,
; interfaces and records for their type parameters. Parameters and local variables bind values,
; type parameters types (`@local.definition.value`, `.type`: a local `List` leaves the type
; `List` alone); a method call's name is never local (`@member` above).
[
  (class_declaration)
  (interface_declaration)
  (record_declaration)
  (method_declaration)
  (constructor_declaration)
  (compact_constructor_declaration)
  (lambda_expression)
  (block)
  (for_statement)
  (enhanced_for_statement)
  (catch_clause)
  (try_with_resources_statement)
] @local.scope

(formal_parameter name: (identifier) @local.definition.value)
(spread_parameter (variable_declarator name: (identifier) @local.definition.value))
(local_variable_declaration declarator: (variable_declarator name: (identifier) @local.definition.value))
(enhanced_for_statement name: (identifier) @local.definition.value)
(catch_formal_parameter name: (identifier) @local.definition.value)
(resource name: (identifier) @local.definition.value)
(lambda_expression parameters: (identifier) @local.definition.value)
(inferred_parameters (identifier) @local.definition.value)
(instanceof_expression name: (identifier) @local.definition.value)
(type_pattern (identifier) @local.definition.value)
(type_parameter (type_identifier) @local.definition.type)

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A parameter's, local variable's or for-each variable's declared type (`Shape s`, `List<T> s`;
; not `var`), and `var s = new Shape()`.
(formal_parameter
  type: [(type_identifier) @local.type (generic_type . (type_identifier) @local.type)]
  name: (identifier) @local.definition.value)
((local_variable_declaration
  type: [(type_identifier) @local.type (generic_type . (type_identifier) @local.type)]
  declarator: (variable_declarator name: (identifier) @local.definition.value))
  (#not-eq? @local.type "var"))
(local_variable_declaration
  declarator: (variable_declarator
    name: (identifier) @local.definition.value
    value: (object_creation_expression type: [(type_identifier) @local.type (generic_type . (type_identifier) @local.type)])))
(enhanced_for_statement
  type: [(type_identifier) @local.type (generic_type . (type_identifier) @local.type)]
  name: (identifier) @local.definition.value)
