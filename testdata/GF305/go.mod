module example.com/gf305

go 1.22
