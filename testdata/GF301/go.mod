module example.com/gf301

go 1.22
