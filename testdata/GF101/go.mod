module example.com/gf101

go 1.22
