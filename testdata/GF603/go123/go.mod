module example.com/gf603go123

go 1.23
