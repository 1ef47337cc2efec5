module example.com/gf409

go 1.22
