package neg_latch

import (
	"net"
	"sync"
)

// started is a latch: Done signals that the goroutine is running, not that it finished.
func serve(ln net.Listener, handle func(net.Conn)) {
	var started sync.WaitGroup
	started.Add(1)
	go func() {
		started.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handle(c)
		}
	}()
	started.Wait()
}

func ready(setup func(), work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		setup()
		wg.Done()
		work()
	}()
	wg.Wait()
}
