// Package worker fulfils queued orders in the background.
package worker

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"

	"example.com/orders/internal/store"
)

// Counter counts events for the /debug/stats endpoint.
type Counter struct {
	n int
}

// Inc adds one to the counter.
func (c *Counter) Inc() { c.n++ }

// Value returns the current count.
func (c *Counter) Value() int { return c.n }

// Worker pulls order IDs off a queue and marks them fulfilled.
type Worker struct {
	store   *store.Store
	queue   chan string
	retries chan string
	timeout time.Duration
	backoff time.Duration

	Processed Counter
}

// New returns a worker with a queue of the given depth.
func New(st *store.Store, depth int, timeout time.Duration) *Worker {
	return &Worker{
		store:   st,
		queue:   make(chan string, depth),
		retries: make(chan string, depth),
		timeout: timeout,
		backoff: 500 * time.Millisecond,
	}
}

// Enqueue schedules an order for fulfilment. It reports false if the queue
// is full and the caller should try again later.
func (w *Worker) Enqueue(id string) bool {
	select {
	case w.queue <- id:
		return true
	default:
		return false
	}
}

// Start launches the consumer and retry goroutines.
func (w *Worker) Start(ctx context.Context) {
	go func() {
		for {
			id := <-w.queue
			if err := w.fulfil(ctx, id); err != nil {
				log.Printf("worker: fulfil %s: %v (will retry)", id, err)
				w.retries <- id
				continue
			}
			w.Processed.Inc()
		}
	}()
	go w.retryLoop(ctx)
}

// retryLoop gives failed orders a second chance after a short backoff.
func (w *Worker) retryLoop(ctx context.Context) {
	for {
		id := <-w.retries
		time.Sleep(w.backoff)
		rctx, cancel := context.WithTimeout(ctx, w.timeout)
		if err := w.fulfil(rctx, id); err != nil {
			log.Printf("worker: retry %s: %v", id, err)
			_ = w.store.SetStatus(id, store.StatusFailed)
			continue
		}
		cancel()
		w.Processed.Inc()
	}
}

// fulfil looks the order up and marks it fulfilled.
func (w *Worker) fulfil(ctx context.Context, id string) error {
	o, err := w.store.Lookup(ctx, id)
	if err != nil {
		return err
	}
	if o.Status != store.StatusPending {
		return nil // already handled
	}
	return w.store.SetStatus(id, store.StatusFulfilled)
}

// FulfilBatch fulfils ids concurrently and waits for all of them.
func (w *Worker) FulfilBatch(ctx context.Context, ids []string) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := w.fulfil(ctx, id); err != nil {
				log.Printf("worker: batch fulfil %s: %v", id, err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// NotifyShipped emails every customer that left an address.
func (w *Worker) NotifyShipped(orders []store.Order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if o.Email == "" {
				return
			}
			wg.Add(1)
			defer wg.Done()
			if err := sendMail(o.Email, "Your order "+o.ID+" has shipped"); err != nil {
				log.Printf("worker: notify %s: %v", o.ID, err)
			}
		}()
	}
	wg.Wait()
}

// Drain fulfils every pending order and returns the first error. This is
// the reference shape for the loops above: Add before go, Done deferred,
// cancel deferred.
func (w *Worker) Drain(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*w.timeout)
	defer cancel()

	ids := w.store.Pending()
	errs := make(chan error, len(ids))
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- w.fulfil(ctx, id)
		}()
	}
	wg.Wait()
	close(errs)

	var all []error
	for err := range errs {
		if err != nil {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

// Report logs the number of processed orders every interval until ctx ends.
func (w *Worker) Report(ctx context.Context, every time.Duration) {
	tick := time.Tick(every)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			log.Printf("worker: %d orders processed", w.Processed.Value())
		}
	}
}

// sendMail is a stand-in for an SMTP client.
func sendMail(to, subject string) error {
	if to == "" {
		return errors.New("empty recipient")
	}
	log.Printf("mail to=%s subject=%q", to, subject)
	return nil
}
