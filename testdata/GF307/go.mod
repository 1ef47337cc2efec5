module example.com/gf307

go 1.22
