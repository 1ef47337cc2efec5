module example.com/gf602

go 1.22
