module example.com/gf402

go 1.22
