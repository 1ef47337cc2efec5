package through_calls

import "sync"

type Replica struct {
	raftMu sync.Mutex
	mu     sync.Mutex
	store  *Store
}

type Store struct {
	coalesced struct {
		sync.Mutex
		pending []int
	}
	replicas map[int]*Replica
}

func (r *Replica) reportUnreachable() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
}

func (s *Store) sendToNode() {
	for _, r := range s.replicas {
		r.reportUnreachable()
	}
}

// The store's coalesced mutex, then a replica's raftMu (through sendToNode).
func (s *Store) sendQueued() {
	s.coalesced.Lock()
	defer s.coalesced.Unlock()
	if len(s.coalesced.pending) > 0 {
		s.sendToNode() // want "GF408 (preview): this locks Replica.raftMu through sendToNode → reportUnreachable while holding Store.coalesced"
	}
}

func (r *Replica) coalesceHeartbeat() {
	r.store.coalesced.Lock()
	r.store.coalesced.pending = append(r.store.coalesced.pending, 1)
	r.store.coalesced.Unlock()
}

func (r *Replica) tickLocked() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.coalesceHeartbeat()
}

// raftMu, then (two calls down) the store's coalesced mutex: the opposite order.
func (r *Replica) tick() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
	r.tickLocked() // want "GF408 (preview): this locks Store.coalesced through tickLocked → coalesceHeartbeat while holding Replica.raftMu"
}
