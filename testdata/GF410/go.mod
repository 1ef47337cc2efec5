module example.com/gf410

go 1.22
