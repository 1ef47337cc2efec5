module example.com/gf304

go 1.22
