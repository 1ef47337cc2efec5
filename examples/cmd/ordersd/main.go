// Command ordersd serves the orders API.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/orders/internal/api"
	"example.com/orders/internal/pricing"
	"example.com/orders/internal/store"
	"example.com/orders/internal/worker"
)

func main() {
	addr := flag.String("addr", ":8080", "API listen address")
	debugAddr := flag.String("debug-addr", "localhost:6060", "debug/stats listen address")
	pricingURL := flag.String("pricing-url", "http://localhost:9090", "pricing service base URL")
	invoiceDir := flag.String("invoice-dir", "./invoices", "directory holding <order-id>.pdf invoices")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st := store.New(20*time.Millisecond, 2*time.Second)
	pc := pricing.NewClient(*pricingURL, 2*time.Second)
	wk := worker.New(st, 128, 5*time.Second)
	wk.Start(ctx)

	h := api.New(st, pc, wk, *invoiceDir)
	go serveDebug(*debugAddr, h)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", api.Healthz)
	mux.Handle("/", h)

	srv := &http.Server{Addr: *addr, Handler: mux}

	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			log.Printf("ordersd: shutdown: %v", err)
		}
	}()

	log.Printf("ordersd: listening on %s", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("ordersd: %v", err)
	}

	// Finish whatever is still queued before exiting.
	drainCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := wk.Drain(drainCtx); err != nil {
		log.Printf("ordersd: drain: %v", err)
	}
}

// serveDebug exposes the request counters on a separate, internal-only port.
func serveDebug(addr string, h *api.Handler) {
	debugMux := http.NewServeMux()
	debugMux.HandleFunc("GET /debug/stats", h.ServeStats)
	if err := http.ListenAndServe(addr, debugMux); err != nil {
		log.Printf("ordersd: debug listener: %v", err)
	}
}
