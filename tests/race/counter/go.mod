module example.com/racecounter

go 1.22
