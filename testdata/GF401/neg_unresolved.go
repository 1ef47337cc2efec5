package neg_unresolved

import (
	"fmt"
	"sync"
)

type A struct{ wg sync.WaitGroup }

type B struct{ wg *tally }

type tally struct{ n int }

func (t *tally) Add(n int) { t.n += n }
func (t *tally) Done()     { t.n-- }
func (t *tally) Wait()     {}

// `wg` is a WaitGroup in A but a *tally in B: the field name alone cannot tell.
func (b *B) run(n int) {
	for i := 0; i < n; i++ {
		b.wg.Add(1)
		go func() {
			fmt.Println(i)
			b.wg.Done()
		}()
	}
	b.wg.Wait()
}

func (a *A) group() *sync.WaitGroup { return &a.wg }

// `jobs` comes from a call and does not look like a WaitGroup: silent.
func (a *A) start(n int) {
	jobs := a.group()
	for i := 0; i < n; i++ {
		jobs.Add(1)
		go func() {
			fmt.Println(i)
			jobs.Done()
		}()
	}
	jobs.Wait()
}
