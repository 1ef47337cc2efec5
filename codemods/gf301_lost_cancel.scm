; GF301 candidates: a call whose function is named like one of context's With… constructors that
; return a cancel function. Python confirms the qualifier is the context import (or a dot import)
; and that the call is the whole right-hand side of a two-name assignment, := or var spec.
(call_expression
  function: [
    (selector_expression field: (field_identifier) @fn)
    (identifier) @fn
  ]
  (#match? @fn "^With(Cancel|Timeout|Deadline)(Cause)?$")) @call
