// Package api exposes the order book over HTTP.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"example.com/orders/internal/pricing"
	"example.com/orders/internal/store"
	"example.com/orders/internal/worker"
)

// Stats tracks request counts for the debug endpoint.
type Stats struct {
	Requests int
	Errors   int
}

// Observe records one finished request with the given status code.
func (s *Stats) Observe(status int) {
	s.Requests++
	if status >= 500 {
		s.Errors++
	}
}

// copyBufPool recycles buffers used to stream invoice files.
var copyBufPool = sync.Pool{
	New: func() any { return make([]byte, 4096) },
}

// Handler serves the /orders API.
type Handler struct {
	store      *store.Store
	prices     *pricing.Client
	worker     *worker.Worker
	invoiceDir string
	writeLimit time.Duration
	mux        *http.ServeMux
	stats      Stats
}

// New wires up the routes.
func New(st *store.Store, pc *pricing.Client, w *worker.Worker, invoiceDir string) *Handler {
	h := &Handler{
		store:      st,
		prices:     pc,
		worker:     w,
		invoiceDir: invoiceDir,
		writeLimit: 3 * time.Second,
		mux:        http.NewServeMux(),
	}
	h.mux.HandleFunc("POST /orders", h.createOrder)
	h.mux.HandleFunc("GET /orders/{id}", h.getOrder)
	h.mux.HandleFunc("GET /orders/{id}/invoice", h.getInvoice)
	h.mux.HandleFunc("GET /quote", h.getQuote)
	return h
}

// ServeHTTP dispatches to the route table and records the outcome.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	h.mux.ServeHTTP(rec, r)
	h.stats.Observe(rec.status)
}

// ServeStats reports the request counters as JSON.
func (h *Handler) ServeStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{
		"requests":  h.stats.Requests,
		"errors":    h.stats.Errors,
		"processed": h.worker.Processed.Value(),
	})
}

func (h *Handler) createOrder(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), h.writeLimit)
	finish := func(id string) {
		cancel()
		if !h.worker.Enqueue(id) {
			log.Printf("api: queue full, order %s left pending", id)
		}
	}

	var o store.Order
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&o); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return
	}
	if err := h.store.Put(ctx, o); err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	finish(o.ID)
	writeJSON(w, http.StatusCreated, o)
}

func (h *Handler) getOrder(w http.ResponseWriter, r *http.Request) {
	o, err := h.store.Get(context.Background(), r.PathValue("id"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no such order")
	case err != nil:
		writeError(w, http.StatusGatewayTimeout, err.Error())
	default:
		writeJSON(w, http.StatusOK, o)
	}
}

func (h *Handler) getQuote(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if sku == "" || err != nil || qty <= 0 {
		writeError(w, http.StatusBadRequest, "sku and positive qty are required")
		return
	}
	cents, err := h.prices.Quote(sku, qty)
	if err != nil {
		writeError(w, http.StatusBadGateway, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sku": sku, "qty": qty, "total_cents": cents})
}

func (h *Handler) getInvoice(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id != filepath.Base(id) || id == "." || id == ".." {
		writeError(w, http.StatusBadRequest, "bad order id")
		return
	}
	f, err := os.Open(filepath.Join(h.invoiceDir, id+".pdf"))
	if err != nil {
		writeError(w, http.StatusNotFound, "no invoice for order")
		return
	}
	defer f.Close()

	w.Header().Set("Content-Type", "application/pdf")
	buf := copyBufPool.Get().([]byte)
	if _, err := io.CopyBuffer(w, f, buf); err != nil {
		log.Printf("api: stream invoice %s: %v", id, err)
	}
	copyBufPool.Put(buf)
}
