module example.com/gf508

go 1.22
