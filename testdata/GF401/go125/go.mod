module example.com/gf401go125

go 1.25
