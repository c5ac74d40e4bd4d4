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
(method_invocation name: (identifier) @name) @reference.call
(object_creation_expression type: (type_identifier) @name) @reference.call
(object_creation_expression type: (generic_type (type_identifier) @name)) @reference.call

(scoped_type_identifier (type_identifier) @receiver . (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type

(field_access object: [(identifier) (this)] @receiver field: (identifier) @name) @reference.reference
(field_access field: (identifier) @name) @reference.reference
(expression/identifier) @name @reference.reference
(primary_expression/identifier) @name @reference.reference
