module example.com/gf403

go 1.22
