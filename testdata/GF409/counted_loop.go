package counted_loop

import "sync"

func probe(addr string, i int) {}

func worker(wg *sync.WaitGroup, addr string, i int) {
	defer wg.Done()
	probe(addr, i)
}

func probeAll(addr string, n int) {
	wg := &sync.WaitGroup{}
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(wg, addr, i)
		wg.Wait() // want "GF409 (preview): `wg.Wait\(\)` inside the loop .*`wg.Add\(n\)`"
	}
	probe(addr, -1)
}
