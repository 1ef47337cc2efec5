//gofixer:file-ignore GF403 -- the type was removed // want "GF001: silences nothing"
package p

func Sum(xs []int) (n int) {
	for _, x := range xs {
		n += x
	}
	return n
}
