package neg_self_add

import (
	"fmt"
	"sync"
)

// The goroutine counts itself after a guard (GF402's finding, not this rule's).
func notify(emails []string) {
	var wg sync.WaitGroup
	for _, e := range emails {
		go func() {
			if e == "" {
				return
			}
			wg.Add(1)
			fmt.Println("mail", e)
			wg.Done()
		}()
	}
	wg.Wait()
}
