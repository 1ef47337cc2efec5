; GF501 candidates: every composite literal of a type named Server, qualified (http.Server, or
; whatever net/http is imported as) or bare (a dot import). Python confirms the qualifier.
(composite_literal
  type: [
    (qualified_type name: (type_identifier) @_name)
    (type_identifier) @_name
  ]
  (#eq? @_name "Server")) @literal
