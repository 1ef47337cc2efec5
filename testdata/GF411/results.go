package results

import (
	"context"
	"sync"
)

type result struct {
	url  string
	size int
}

func fetch(u string) result { return result{u, len(u)} }

// FetchAll waits for the fetches before it reads their results from an unbuffered channel.
func FetchAll(urls []string) []result {
	var wg sync.WaitGroup
	results := make(chan result)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u)
		}()
	}
	wg.Wait() // want "GF411 (preview): `wg.Wait\(\)` waits for goroutines that first send on unbuffered channel `results`, which this function receives from only after the Wait \(line 29\)"
	close(results)
	var out []result
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Pair starts two goroutines, each sending once before Done.
func Pair(a, b string) (result, result) {
	wg := sync.WaitGroup{}
	ch := make(chan result, 0)
	wg.Add(2)
	go func() {
		ch <- fetch(a)
		wg.Done()
	}()
	go func() {
		defer wg.Done()
		ch <- fetch(b)
	}()
	wg.Wait() // want "GF411 (preview): `wg.Wait\(\)` waits for goroutines that first send on unbuffered channel `ch`"
	return <-ch, <-ch
}

// Sizes sends twice per goroutine: no buffer is sure to be enough.
func Sizes(urls []string) int {
	var wg sync.WaitGroup
	sizes := make(chan int)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := fetch(u)
			sizes <- r.size
			sizes <- len(r.url)
		}()
	}
	wg.Wait() // want "GF411 (preview): .*no fix: a goroutine may send more than once"
	close(sizes)
	total := 0
	for s := range sizes {
		total += s
	}
	return total
}

// Count starts n goroutines, a number only known at run time.
func Count(n int) int {
	var wg sync.WaitGroup
	done := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done <- i
		}()
	}
	wg.Wait() // want "GF411 (preview): .*no fix: the goroutines are started in a loop whose number of rounds is not known"
	close(done)
	sum := 0
	for v := range done {
		sum += v
	}
	return sum
}

// Collected: a collector goroutine receives while the function waits: no deadlock.
func Collected(urls []string) []result {
	var wg sync.WaitGroup
	results := make(chan result)
	var out []result
	collected := make(chan struct{})
	go func() {
		for r := range results {
			out = append(out, r)
		}
		close(collected)
	}()
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u)
		}()
	}
	wg.Wait()
	close(results)
	<-collected
	return out
}

// Buffered for every send: no deadlock.
func Buffered(urls []string) int {
	var wg sync.WaitGroup
	results := make(chan result, len(urls))
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u)
		}()
	}
	wg.Wait()
	close(results)
	n := 0
	for range results {
		n++
	}
	return n
}

// Cancellable sends give up with the context: not this rule's deadlock.
func Cancellable(ctx context.Context, urls []string) int {
	var wg sync.WaitGroup
	results := make(chan result)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case results <- fetch(u):
			case <-ctx.Done():
			}
		}()
	}
	wg.Wait()
	close(results)
	n := 0
	for range results {
		n++
	}
	return n
}

// Started: Done says the goroutine has started, before its send: the Wait returns first.
func Started(read func() string) string {
	out := make(chan string)
	wg := new(sync.WaitGroup)
	wg.Add(1)
	go func() {
		wg.Done()
		out <- read()
	}()
	wg.Wait()
	return <-out
}
