package crawl

import "sync"

func visit(url string, wg *sync.WaitGroup) {
	defer wg.Done()
	_ = url
}

// Done is called by the helper the WaitGroup's address is handed to.
func crawl(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go visit(u, &wg)
	}
	wg.Wait()
}

func release(wg *sync.WaitGroup) { wg.Add(-1) }

// Add(-1) counts down as Done does.
func countDown(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go release(&wg)
	}
	wg.Wait()
}

// gofixer-test: preview
