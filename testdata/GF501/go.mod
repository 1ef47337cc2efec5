module example.com/gf501

go 1.22
