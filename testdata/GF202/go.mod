module example.com/gf202

go 1.22
