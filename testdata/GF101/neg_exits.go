package p

import (
	"io"
	"log"
	"runtime"
)

// Read returns on error.
func Read(r io.Reader) {
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			log.Print(n)
		}
	}()
}

// Labeled leaves the loop with a labeled break from inside a select.
func Labeled(in <-chan int) {
	go func() {
	loop:
		for {
			select {
			case v := <-in:
				if v == 0 {
					break loop
				}
			}
		}
		log.Print("done")
	}()
}

// Plain breaks out of the loop directly.
func Plain(in <-chan int) {
	go func() {
		for {
			v := <-in
			if v == 0 {
				break
			}
			log.Print(v)
		}
	}()
}

// Goexit ends the goroutine.
func Goexit(in <-chan int) {
	go func() {
		for {
			if <-in == 0 {
				runtime.Goexit()
			}
		}
	}()
}

// Fatal ends the process.
func Fatal(in <-chan error) {
	go func() {
		for {
			if err := <-in; err != nil {
				log.Fatal(err)
			}
		}
	}()
}
