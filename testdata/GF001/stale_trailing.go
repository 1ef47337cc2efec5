package p

func double(n int) int {
	return n * 2 //gofixer:ignore GF301 -- copied from elsewhere // want "GF001: silences nothing"
}
