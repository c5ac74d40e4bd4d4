; inherits: ecma,jsx
; JavaScript only (the TypeScript grammar names class fields differently).

(field_definition property: [(property_identifier) (private_property_identifier)] @name) @definition.field

; Parameters (rule 7): the TypeScript grammar wraps them in `required_parameter`.
(formal_parameters (identifier) @local.definition.value)
