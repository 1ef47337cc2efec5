package p

import "log"

type clock struct{ C chan int }

// Clock ranges over a .C that is not a ticker's: someone may close it.
func Clock(c *clock, d struct{ tick clock }) {
	go func() {
		for v := range c.C {
			log.Print(v)
		}
	}()
	go func() {
		for v := range d.tick.C {
			log.Print(v)
		}
	}()
}
