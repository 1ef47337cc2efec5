module example.com/gf504

go 1.22
