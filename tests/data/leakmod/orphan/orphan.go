// Package orphan keeps the first result and walks away from the rest.
package orphan

func First(jobs []string) string {
	results := make(chan string)
	go func() {
		for _, j := range jobs {
			results <- j + "!"
		}
	}()
	return <-results
}
