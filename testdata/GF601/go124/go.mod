module example.com/gf601go124

go 1.24.0

toolchain go1.24.2
