module example.com/gf602go123

go 1.23
