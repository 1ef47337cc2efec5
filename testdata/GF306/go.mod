module example.com/gf306

go 1.22
