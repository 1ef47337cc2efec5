module example.com/gf508/sidecar

go 1.22
