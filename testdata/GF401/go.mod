module example.com/gf401

go 1.22
