; Python. Exported = defined at module level with a name that does not start with `_`.
; Pattern order matters where two patterns name the same identifier: the earlier one gives the
; kind (a method before a function, a constant before a variable).

; ---- definitions --------------------------------------------------------------------------

(class_definition
  body: (block
    [
      (function_definition name: (identifier) @name) @definition.method
      (decorated_definition definition: (function_definition name: (identifier) @name) @definition.method)
    ]))
(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class
(type_alias_statement left: (type (identifier) @name)) @definition.type

; Class attributes declared in the class body (`x: int = 0`); `self.x = …` is not a declaration.
(class_definition
  body: (block (expression_statement (assignment left: (identifier) @name) @definition.field)))

; Module-level assignments: UPPER_CASE names are constants by convention.
(module
  (expression_statement (assignment left: (identifier) @name) @definition.constant)
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(module (expression_statement (assignment left: (identifier) @name) @definition.variable))

(module
  [
    (function_definition name: (identifier) @name) @definition.function.exported
    (decorated_definition definition: (function_definition name: (identifier) @name) @definition.function.exported)
  ]
  (#not-match? @name "^_"))
(module
  [
    (class_definition name: (identifier) @name) @definition.class.exported
    (decorated_definition definition: (class_definition name: (identifier) @name) @definition.class.exported)
  ]
  (#not-match? @name "^_"))
(module
  (type_alias_statement left: (type (identifier) @name)) @definition.type.exported
  (#not-match? @name "^_"))
(module
  (expression_statement (assignment left: (identifier) @name) @definition.variable.exported)
  (#not-match? @name "^_"))

; ---- imports ------------------------------------------------------------------------------

; `import a.b` binds `a`; `import a.b as c` binds `c`.
(import_statement name: (dotted_name . (identifier) @name) @source) @import.namespace
(import_statement name: (aliased_import name: (dotted_name) @source alias: (identifier) @name)) @import.namespace
(import_from_statement module_name: (_) @source name: (dotted_name) @name) @import
; `from a import *`: a star import, name `*` (README, rule 2).
(import_from_statement module_name: (_) @source (wildcard_import) @name) @import.namespace
(import_from_statement
  module_name: (_) @source
  name: (aliased_import name: (dotted_name) @imported alias: (identifier) @name)) @import

; ---- references ---------------------------------------------------------------------------

(call function: (identifier) @name) @reference.call
(call function: (attribute object: (identifier) @receiver attribute: (identifier) @name)) @reference.call
(call function: (attribute object: (_) @object attribute: (identifier) @name)) @reference.call

(type (identifier) @name) @reference.type
(generic_type (identifier) @name) @reference.type

(attribute object: (identifier) @receiver attribute: (identifier) @name) @reference.reference
(attribute object: (_) @object attribute: (identifier) @name) @reference.reference

; Identifiers in expression position (not parameters, keyword names or attribute names).
(primary_expression/identifier) @name @reference.reference

; ---- local scopes (rule 7) ----------------------------------------------------------------

; Python scopes are functions, lambdas and comprehensions (not classes, not blocks): a name
; bound anywhere in a function is local in all of it, unless the function declares it `global`
; (`nonlocal` names are bound by an outer function, so they are local there anyway).
[
  (function_definition)
  (lambda)
  (list_comprehension)
  (set_comprehension)
  (dictionary_comprehension)
  (generator_expression)
] @local.scope

(parameters (identifier) @local.definition)
(lambda_parameters (identifier) @local.definition)
(default_parameter name: (identifier) @local.definition)
(typed_parameter (identifier) @local.definition)
(typed_default_parameter name: (identifier) @local.definition)
(list_splat_pattern (identifier) @local.definition)
(dictionary_splat_pattern (identifier) @local.definition)
(function_definition type_parameters: (type_parameter (type (identifier) @local.definition)))

(assignment left: (identifier) @local.definition)
(augmented_assignment left: (identifier) @local.definition)
(pattern_list (identifier) @local.definition)
(tuple_pattern (identifier) @local.definition)
(list_pattern (identifier) @local.definition)
(for_statement left: (identifier) @local.definition)
(for_in_clause left: (identifier) @local.definition)
(as_pattern_target (identifier) @local.definition)
(as_pattern_target [(tuple (identifier) @local.definition) (list (identifier) @local.definition)])
(named_expression name: (identifier) @local.definition)

(global_statement (identifier) @local.global)

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A parameter's or variable's annotation (`s: Shape`, `s: geo.Shape`), and a variable assigned a
; call of a capitalised name (`s = Shape()`, `s = geo.Shape()`: by convention a class).
(typed_parameter (identifier) @local.definition type: (type [(identifier) (attribute)] @local.type))
(typed_default_parameter name: (identifier) @local.definition type: (type [(identifier) (attribute)] @local.type))
(assignment left: (identifier) @local.definition type: (type [(identifier) (attribute)] @local.type))
((assignment left: (identifier) @local.definition right: (call function: [(identifier) (attribute)] @local.type))
  (#match? @local.type "(^|[.])[A-Z][A-Za-z0-9_]*$"))
