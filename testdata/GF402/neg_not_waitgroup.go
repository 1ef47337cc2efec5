package neg_not_waitgroup

import (
	"fmt"
	"time"
)

type counter struct{ n int }

func (c *counter) Add(n int) { c.n += n }
func (c *counter) Done()     { c.n-- }

func tally(items []string) {
	var c counter
	for _, it := range items {
		go func() {
			if it == "" {
				return
			}
			c.Add(1)
			defer c.Done()
			fmt.Println(it)
		}()
	}
}

func deadline(t time.Time) {
	go func() {
		d := t.Add(time.Second)
		defer fmt.Println("done", d)
	}()
}
