module example.com/gf507

go 1.22
