module example.com/gf506

go 1.22
