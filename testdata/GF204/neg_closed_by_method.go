package cache

type cache struct {
	done chan struct{}
	reqs chan string
}

func newCache() *cache { return &cache{done: make(chan struct{}), reqs: make(chan string)} }

func (c *cache) Done() <-chan struct{} { return c.done }

func (c *cache) Close() { close(c.done) }

func (c *cache) Get(k string) { c.reqs <- k }

func (c *cache) loop() {
	for {
		select {
		case k := <-c.reqs:
			_ = k
		case <-c.Done():
			return
		}
	}
}

func (c *cache) waitClosed() { <-c.Done() }

// gofixer-test: preview
