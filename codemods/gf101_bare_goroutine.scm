; GF101: every go statement; the rule resolves the function it runs (a literal, a function or a
; method of the package) and looks for an unbounded loop with no way out in it.
(go_statement) @go
