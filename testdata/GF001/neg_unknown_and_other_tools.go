package p

func triple(n int) int {
	a := n * 3 //gofixer:ignore GF999 -- a code gofixer does not know is never judged
	b := a     //nolint:gofixer
	return b   // #nosec G112
}
