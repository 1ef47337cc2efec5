package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := map[int]string{}
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := fmt.Sprint(i)
			mu.Lock() // want "GF404: fmt\.Sprintf\(\) may panic between mu\.Lock\(\) and mu\.Unlock\(\): i"
			results[i] = fmt.Sprintf("%q", s)
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(results))
}
