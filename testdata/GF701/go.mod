module example.com/gf701

go 1.22
