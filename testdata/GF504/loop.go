package loop

import (
	"io"
	"log"
	"net/http"
)

func all(urls []string) (total int) {
	for _, u := range urls {
		resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
		if err != nil {
			log.Print(err)
			continue
		}
		n, _ := io.CopyN(io.Discard, resp.Body, 1<<20)
		total += int(n)
	}
	return total
}

func noCheck(u string) int {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	log.Print(err)
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func checkFallsThrough(u string) int {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		log.Print(err)
	}
	return resp.StatusCode
}

func checkWithElse(u string) int {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return 0
	} else {
		log.Print("ok")
	}
	return resp.StatusCode
}

func twice(a, b string) (int, error) {
	resp, err := http.Get(a) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	n := resp.StatusCode
	resp, err = http.Get(b) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return n + resp.StatusCode, nil
}

func inHeader(u string) int {
	if resp, err := http.Get(u); err == nil { // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
		return resp.StatusCode
	}
	return 0
}

func fatal(u string) int {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		log.Fatalf("get: %v", err)
	}
	return resp.StatusCode
}

func sequential(a, b string) (int, error) {
	resp, err := http.Get(a) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	n := resp.StatusCode
	resp, err = http.Get(b)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return n + resp.StatusCode, nil
}
