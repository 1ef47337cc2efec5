; GF201: every make call with a channel type among its arguments; the rule checks the rest
; (first argument, bidirectional, no capacity or a literal 0, assigned to a single local name).
(call_expression
  function: (identifier) @_fn
  arguments: (argument_list (channel_type))
  (#eq? @_fn "make")) @make
