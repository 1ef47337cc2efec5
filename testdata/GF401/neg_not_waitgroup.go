package neg_not_waitgroup

import (
	"context"
	"fmt"
	"sync"
)

type tracker struct{ n int }

func (t *tracker) Add(n int) { t.n += n }
func (t *tracker) Done()     { t.n-- }
func (t *tracker) Wait()     {}

func custom(items []int) {
	var wg tracker
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			fmt.Println(it)
			wg.Done()
		}()
	}
	wg.Wait()
}

func ctxDone(ctx context.Context, mu *sync.Mutex) {
	go func() {
		mu.Lock()
		fmt.Println("waiting")
		mu.Unlock()
		<-ctx.Done()
	}()
}
