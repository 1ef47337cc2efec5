package range_count

import (
	"log"
	"sync"
)

type plugin struct{ name string }

func (p *plugin) start() error { return nil }

type Manager struct {
	plugins []*plugin
}

func (m *Manager) startAll() {
	var wg sync.WaitGroup
	wg.Add(len(m.plugins))
	for _, p := range m.plugins {
		go func() {
			defer wg.Done()
			if err := p.start(); err != nil {
				log.Printf("%s: %v", p.name, err)
			}
		}()
		wg.Wait() // want "GF409 (preview): `wg.Wait\(\)` inside the loop that starts the goroutines: `wg.Add\(len\(m.plugins\)\)` counted them all before the loop"
	}
}
