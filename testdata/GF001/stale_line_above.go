package p

import "sync"

func work(wg *sync.WaitGroup) {
	//gofixer:ignore GF401 -- fixed long ago // want "GF001: silences nothing"
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
}
