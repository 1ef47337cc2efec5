module example.com/leakmod

go 1.22
