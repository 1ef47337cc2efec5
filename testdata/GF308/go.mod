module example.com/gf308

go 1.22
