; GF502 candidates: calls of a function named like one of net/http's serving helpers, qualified
; or bare (a dot import). Python confirms the qualifier is the net/http import.
(call_expression
  function: [
    (selector_expression field: (field_identifier) @_fn)
    (identifier) @_fn
  ]
  (#match? @_fn "^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$")) @call
