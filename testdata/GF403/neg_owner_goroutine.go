// Package actor: one goroutine owns the state; others talk to it over channels. The goroutine
// is started once and nothing else touches the fields it writes.
package actor

// Actor serialises updates through its own goroutine.
type Actor struct {
	count int
	seen  map[string]bool
	in    chan string
	out   chan int
}

// Start launches the owner goroutine.
func Start() *Actor {
	a := &Actor{seen: map[string]bool{}, in: make(chan string), out: make(chan int)}
	go a.loop()
	return a
}

func (a *Actor) loop() {
	for s := range a.in {
		if !a.seen[s] {
			a.seen[s] = true
			a.count++
		}
		a.out <- a.count
	}
}

// Send hands a value to the owner and returns the new count.
func (a *Actor) Send(s string) int {
	a.in <- s
	return <-a.out
}
