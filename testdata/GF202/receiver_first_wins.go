package main

func query(s string) string { return s }

func first(servers []string) string {
	results := make(chan string)
	for _, s := range servers {
		go func(s string) {
			results <- query(s)
		}(s)
	}
	r := <-results
	close(results) // want "GF202: close\(results\) by its receiver while the goroutine started a"
	return r
}

func main() {
	println(first([]string{"a", "b"}))
}
