package handlers

import (
	"encoding/json"
	"net/http"
)

// The status goes first, then the body: the usual order.
func created(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"status": "created"})
}

// An encoder that fails before writing leaves the status to send.
func list(w http.ResponseWriter, r *http.Request) {
	if err := json.NewEncoder(w).Encode([]int{1, 2, 3}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Every error path returns before anything else is sent.
func get(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Query().Get("id") == "" {
		http.Error(w, "missing id", http.StatusBadRequest)
		return
	}
	w.Write([]byte("ok"))
}

// An informational status may come before the final one.
func early(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Link", "</style.css>; rel=preload; as=style")
	w.WriteHeader(http.StatusEarlyHints)
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("<html></html>"))
}
