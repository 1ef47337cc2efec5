module example.com/gf406

go 1.22
