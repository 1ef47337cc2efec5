package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"
)

type auditLog struct{}

func (auditLog) Record(ctx context.Context, event string) {}

var audit auditLog

// shutdown stops the services and exits the process: it must run to the end even though the
// admin client that asked for it is gone by then.
func shutdown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	<-ctx.Done()
	os.Exit(0)
}

func handleStop(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusAccepted)
	shutdown(context.Background()) // want "GF302 (preview): for work whose result the handler does not use.*WithoutCancel\(r.Context\(\)\)"
}

func handleDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	audit.Record(context.Background(), "delete "+id) // want "GF302 (preview): no fix: nothing shows which"
	if err := json.NewEncoder(w).Encode(map[string]string{"deleted": id}); err != nil {
		log.Print(err)
	}
}

func main() {
	http.HandleFunc("POST /stop", handleStop)
	http.HandleFunc("DELETE /items/{id}", handleDelete)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
