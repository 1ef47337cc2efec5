module example.com/gf405

go 1.22
