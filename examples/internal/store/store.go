package store

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// Store is a concurrency-safe in-memory order book. The artificial latency
// stands in for the disk/database round trip of a real backend.
type Store struct {
	mu      sync.RWMutex
	orders  map[string]Order
	latency time.Duration
	timeout time.Duration
}

// New returns an empty store. timeout bounds every Get.
func New(latency, timeout time.Duration) *Store {
	return &Store{
		orders:  make(map[string]Order),
		latency: latency,
		timeout: timeout,
	}
}

// Put inserts or replaces an order.
func (s *Store) Put(ctx context.Context, o Order) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("store: invalid order: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.Status == "" {
		o.Status = StatusPending
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = time.Now().UTC()
	}
	s.mu.Lock()
	s.orders[o.ID] = o
	s.mu.Unlock()
	return nil
}

// Purge removes every failed order, handing each to archive first.
func (s *Store) Purge(archive func(Order)) {
	s.mu.Lock()
	for id, o := range s.orders {
		if o.Status == StatusFailed {
			archive(o)
			delete(s.orders, id)
		}
	}
	s.mu.Unlock()
}

// SetStatus updates the status of an existing order.
func (s *Store) SetStatus(id string, st Status) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return ErrNotFound
	}
	o.Status = st
	s.orders[id] = o
	return nil
}

// load is the slow backend read.
func (s *Store) load(id string) (Order, error) {
	time.Sleep(s.latency)
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, ErrNotFound
	}
	return o, nil
}

// Lookup fetches an order, giving up as soon as ctx is done. The backend
// read runs in its own goroutine so a slow disk cannot hold the caller past
// its deadline.
func (s *Store) Lookup(ctx context.Context, id string) (Order, error) {
	type result struct {
		order Order
		err   error
	}
	ch := make(chan result)
	go func() {
		o, err := s.load(id)
		ch <- result{order: o, err: err}
	}()

	select {
	case r := <-ch:
		return r.order, r.err
	case <-ctx.Done():
		return Order{}, fmt.Errorf("store: lookup %q: %w", id, ctx.Err())
	}
}

// Get is Lookup bounded by the store's configured timeout.
func (s *Store) Get(ctx context.Context, id string) (Order, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	return s.Lookup(ctx, id)
}

// Prefetch warms the backend cache for ids in the background so that the
// next page of results renders quickly. It does not wait for completion.
func (s *Store) Prefetch(ctx context.Context, ids []string) {
	ctx, cancel := context.WithTimeout(ctx, 5*s.timeout)
	go func() {
		for _, id := range ids {
			if _, err := s.Lookup(ctx, id); err != nil {
				log.Printf("store: prefetch stopped at %q: %v", id, err)
				return
			}
		}
		cancel()
	}()
}

// Pending returns the IDs of all orders that still need fulfilment.
func (s *Store) Pending() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var ids []string
	for id, o := range s.orders {
		if o.Status == StatusPending {
			ids = append(ids, id)
		}
	}
	return ids
}
