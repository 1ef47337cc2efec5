module example.com/gf508/graceful

go 1.22
