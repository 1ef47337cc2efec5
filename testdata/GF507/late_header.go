package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

type item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// getItem writes the body before it knows the request was bad.
func getItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintln(w, "item:")
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest) // want "GF507 (preview): w\.WriteHeader sends the status line after fmt\.Fprintln \(line 18\) already sent it on some path"
		return
	}
	json.NewEncoder(w).Encode(item{ID: id})
}

// deleteItem forgets to return after the first error.
func deleteItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
	}
	if id <= 0 {
		http.Error(w, "no such item", http.StatusNotFound) // want "GF507 (preview): http\.Error sends the status line after http\.Error \(line 31\) already sent it on some path"
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
