; inherits: ecma,jsx
; JavaScript only (the TypeScript grammar names class fields differently).

(field_definition property: [(property_identifier) (private_property_identifier)] @name) @definition.field
