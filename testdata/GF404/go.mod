module example.com/gf404

go 1.22
