module example.com/gf001

go 1.22
