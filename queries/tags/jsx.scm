; JSX (JavaScript and TSX grammars only). Rendering a component is calling it; lower-case
; names are intrinsic elements (`<div>`), not references.

(jsx_opening_element name: (identifier) @name (#match? @name "^[A-Z]")) @reference.call
(jsx_self_closing_element name: (identifier) @name (#match? @name "^[A-Z]")) @reference.call
(jsx_opening_element
  name: (member_expression object: (identifier) @receiver property: (property_identifier) @name)) @reference.call
(jsx_self_closing_element
  name: (member_expression object: (identifier) @receiver property: (property_identifier) @name)) @reference.call
(jsx_opening_element name: (member_expression object: (identifier) @name @reference.reference))
(jsx_self_closing_element name: (member_expression object: (identifier) @name @reference.reference))
