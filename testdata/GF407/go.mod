module example.com/gf407

go 1.22
