// Package tally: the counter is only ever used by one goroutine at a time (no go statement, no
// handler): nothing is shared.
package tally

// Tally counts words.
type Tally struct {
	n     int
	words map[string]int
}

// Add counts one word.
func (t *Tally) Add(w string) {
	t.n++
	if t.words == nil {
		t.words = make(map[string]int)
	}
	t.words[w]++
}

// Count counts every word in order.
func Count(ws []string) int {
	t := &Tally{}
	for _, w := range ws {
		t.Add(w)
	}
	return t.n
}
