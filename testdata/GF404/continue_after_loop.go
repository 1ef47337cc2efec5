package main

import (
	"fmt"
	"net"
	"sync"
)

type Dialer struct {
	mu    sync.Mutex
	tries int
}

// dial locks in the loop and unlocks after it; the continue goes round to Lock again with the
// lock held. Unlocking before the continue would make the Unlock after the loop release an
// unlocked mutex when the last address fails: reported without a fix.
func (d *Dialer) dial(addrs []string) net.Conn {
	var conn net.Conn
	for _, a := range addrs {
		d.mu.Lock() // want "GF404: the continue at line 24 goes round to d\.mu\.Lock\(\) again with the lock held: deadlock; no fix: the loop's exit reaches the d\.mu\.Unlock\(\) after it"
		d.tries++
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		conn = c
		break
	}
	d.mu.Unlock()
	return conn
}

func main() {
	d := &Dialer{}
	fmt.Println(d.dial([]string{"localhost:1"}) == nil)
}
