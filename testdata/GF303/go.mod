module example.com/gf303

go 1.22
