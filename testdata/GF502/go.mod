module example.com/gf502

go 1.22
