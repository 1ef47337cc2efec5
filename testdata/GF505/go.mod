module example.com/gf505

go 1.22
