package lib

import "sync"

// Group is exported, and so is its WaitGroup: another package may call Done on it.
type Group struct {
	WG    sync.WaitGroup
	Ready *sync.Cond
}

func (g *Group) Start() { g.WG.Add(1) }

func (g *Group) Wait() {
	g.WG.Wait()
	g.Ready.L.Lock()
	g.Ready.Wait()
	g.Ready.L.Unlock()
}

// gofixer-test: preview
