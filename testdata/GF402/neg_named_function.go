package neg_named_function

import (
	"fmt"
	"sync"
)

type job struct{ id int }

// A named function started with go: the Add would have to move to every caller.
func (j job) run(wg *sync.WaitGroup) {
	if j.id < 0 {
		return
	}
	wg.Add(1)
	defer wg.Done()
	fmt.Println(j.id)
}

func runAll(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		go j.run(&wg)
	}
	wg.Wait()
}
