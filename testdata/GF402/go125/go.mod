module example.com/gf402go125

go 1.25
