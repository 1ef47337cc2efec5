module example.com/gf601

go 1.22
