module example.com/gf410go125

go 1.25
