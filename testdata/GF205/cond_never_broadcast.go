package plugins

import "sync"

// Nothing in the package calls ready.Broadcast or ready.Signal: waitLoaded sleeps for ever
// once it finds the plugin not loaded.
type plugin struct {
	ready  *sync.Cond
	loaded bool
}

func newPlugin() *plugin {
	return &plugin{ready: sync.NewCond(&sync.Mutex{})}
}

func (p *plugin) waitLoaded() {
	p.ready.L.Lock()
	for !p.loaded {
		p.ready.Wait() // want "GF205 (preview): p.ready.Wait\(\) blocks forever: nothing in the package calls Signal or Broadcast on ready"
	}
	p.ready.L.Unlock()
}

func (p *plugin) markLoaded() {
	p.ready.L.Lock()
	p.loaded = true
	p.ready.L.Unlock()
}

// gofixer-test: preview
