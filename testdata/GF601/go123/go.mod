module example.com/gf601go123

go 1.23
