module example.com/gf508/signals_only

go 1.22
