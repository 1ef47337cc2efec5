package early_return

import (
	"errors"
	"log"
	"sync"
)

func fetch(id int) error {
	if id < 0 {
		return errors.New("negative id")
	}
	return nil
}

func fetchAll(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := fetch(id); err != nil {
				log.Print(err)
				return
			}
			log.Printf("fetched %d", id)
			wg.Done() // want "GF401: `wg\.Done\(\)` is called directly instead of deferred: the retu"
		}()
	}
	wg.Wait()
}
