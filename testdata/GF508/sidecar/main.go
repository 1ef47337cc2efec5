package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
)

// A batch job with a pprof endpoint on the side: the job decides when the process ends.
func main() {
	go http.ListenAndServe("localhost:6060", nil)
	for _, arg := range os.Args[1:] {
		fmt.Println(len(arg))
	}
}
