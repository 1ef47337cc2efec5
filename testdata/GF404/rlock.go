package main

import (
	"fmt"
	"sync"
)

type Config struct {
	mu   sync.RWMutex
	vals map[string]string
}

func (c *Config) Print(k string) {
	c.mu.RLock() // want "GF404: fmt\.Println\(\) may panic between c\.mu\.RLock\(\) and c\.mu\.RUnloc"
	fmt.Println(c.vals[k])
	c.mu.RUnlock()
}

func main() {
	c := &Config{vals: map[string]string{}}
	c.Print("a")
}
