// Package config: the struct is filled by its constructor (not a method) and only read by the
// goroutines and the handler afterwards.
package config

import (
	"fmt"
	"net/http"
	"sync"
)

// Config is immutable after New.
type Config struct {
	name  string
	limit int
	tags  map[string]bool
}

// New builds a config; writing the fields of a fresh value is fine.
func New(name string) *Config {
	c := &Config{}
	c.name = name
	c.limit = 10
	c.tags = map[string]bool{}
	c.tags["default"] = true
	return c
}

// Describe reads the fields.
func (c *Config) Describe() string {
	return fmt.Sprintf("%s/%d/%d", c.name, c.limit, len(c.tags))
}

func (c *Config) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, c.Describe(), c.tags[r.URL.Path])
}

// DescribeAll reads from several goroutines.
func DescribeAll(c *Config, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Describe()
		}()
	}
	wg.Wait()
}
