module example.com/gf302

go 1.22
