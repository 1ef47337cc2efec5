module example.com/gf408

go 1.22
