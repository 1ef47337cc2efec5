module example.com/gf201

go 1.22
