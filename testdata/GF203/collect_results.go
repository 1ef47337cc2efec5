package results

type result struct {
	id  int
	err error
}

func check(id int) result { return result{id: id} }

// The goroutine sends every result and returns without closing out: the range below waits
// for ever once the last result is in.
func checkAll(ids []int) []result {
	out := make(chan result)
	go func() {
		for _, id := range ids {
			out <- check(id)
		}
	}()
	var all []result
	for r := range out { // want "GF203 (preview): range over out never ends: its only sender \(the goroutine started at line 14\) finishes without closing out"
		all = append(all, r)
	}
	return all
}

// gofixer-test: preview
