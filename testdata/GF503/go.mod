module example.com/gf503

go 1.22
