; Go. No `.exported` captures: a Go definition is exported when its name starts with an
; upper-case ASCII letter, and the engines apply that after the query (README, "Exported by
; name"). Nine `#match?` twins of the patterns below said the same, at a cost: three of them,
; rooted at `source_file`, kept matches in progress over the whole file. For the same reason no
; pattern is rooted at `source_file` (`@toplevel` below).

; ---- definitions --------------------------------------------------------------------------

(function_declaration name: (identifier) @name) @definition.function

; A method's container is its receiver's type (`func (s *Server[T]) Start()` → Server).
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @container
        (pointer_type (type_identifier) @container)
        (generic_type type: (type_identifier) @container)
        (pointer_type (generic_type type: (type_identifier) @container))
      ]))
  name: (field_identifier) @name) @definition.method
(method_declaration name: (field_identifier) @name) @definition.method

(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type

(field_declaration name: (field_identifier) @name) @definition.field
(method_elem name: (field_identifier) @name) @definition.method

; Package-level `var` and `const` only: `@toplevel` drops the others, at far less cost than
; rooting the patterns at `source_file` (README, "Capture names").
(var_declaration (var_spec name: (identifier) @name) @definition.variable) @toplevel
(var_declaration (var_spec_list (var_spec name: (identifier) @name) @definition.variable)) @toplevel
(const_declaration (const_spec name: (identifier) @name) @definition.constant) @toplevel

; ---- imports ------------------------------------------------------------------------------

; `import f "fmt"` binds f. `import "net/http"` binds the package's name, which the query cannot
; see: no @name, and the README's rule takes the path's last segment.
(import_spec name: (package_identifier) @name path: (_) @source) @import.namespace
(import_spec !name path: (_) @source) @import.namespace

; ---- references ---------------------------------------------------------------------------

(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (selector_expression operand: (identifier) @receiver field: (field_identifier) @name)) @reference.call
(call_expression function: (selector_expression operand: (_) @object field: (field_identifier) @name)) @reference.call

(qualified_type package: (package_identifier) @receiver name: (type_identifier) @name) @reference.type
(type_identifier) @name @reference.type

(selector_expression operand: (identifier) @receiver field: (field_identifier) @name) @reference.reference
(selector_expression operand: (_) @object field: (field_identifier) @name) @reference.reference
(_expression/identifier) @name @reference.reference

; ---- local scopes (rule 7) ----------------------------------------------------------------

; Go's blocks: functions, function literals, blocks, and the implicit blocks of `for`, `if`,
; `switch` and `select` cases. One namespace: a local binds values and types alike.
[
  (function_declaration)
  (method_declaration)
  (func_literal)
  (block)
  (for_statement)
  (if_statement)
  (expression_switch_statement)
  (type_switch_statement)
  (communication_case)
] @local.scope

; Parameters, results and receivers; type parameters; `:=`, local `var` and `const`;
; `for k, v := range`, `switch t := x.(type)`, `case v := <-ch`.
(parameter_declaration name: (identifier) @local.definition)
(variadic_parameter_declaration name: (identifier) @local.definition)
(type_parameter_declaration name: (identifier) @local.definition)
(short_var_declaration left: (expression_list (identifier) @local.definition))
(var_spec name: (identifier) @local.definition)
(const_spec name: (identifier) @local.definition)
(range_clause left: (expression_list (identifier) @local.definition) ":=")
(type_switch_statement alias: (expression_list (identifier) @local.definition))
(receive_statement left: (expression_list (identifier) @local.definition) ":=")

; ---- receiver types (rule 9) -----------------------------------------------------------------

; A parameter's, receiver's or variable's declared type (`s *Shape`, `s geo.Shape`,
; `s Box[T]`), and `s := Shape{…}` / `s := &Shape{…}` with one name on the left.
(parameter_declaration
  name: (identifier) @local.definition
  type: [(type_identifier) @local.type
         (qualified_type) @local.type
         (generic_type type: (type_identifier) @local.type)
         (pointer_type [(type_identifier) (qualified_type)] @local.type)
         (pointer_type (generic_type type: (type_identifier) @local.type))])
(var_spec
  name: (identifier) @local.definition
  type: [(type_identifier) @local.type
         (qualified_type) @local.type
         (generic_type type: (type_identifier) @local.type)
         (pointer_type [(type_identifier) (qualified_type)] @local.type)
         (pointer_type (generic_type type: (type_identifier) @local.type))])
(short_var_declaration
  left: (expression_list . (identifier) @local.definition .)
  right: (expression_list
    .
    [(composite_literal type: [(type_identifier) (qualified_type)] @local.type)
     (unary_expression operator: "&" operand: (composite_literal type: [(type_identifier) (qualified_type)] @local.type))]
    .))
