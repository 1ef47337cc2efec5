package accesslog

import (
	"log"
	"net/http"
	"time"
)

// statusWriter remembers the status a handler sends, for the access log.
type statusWriter struct { // want "GF507 (preview): statusWriter wraps an http\.ResponseWriter but hides its http\.Flusher and http\.Hijacker"
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { // want "GF507 (preview): statusWriter records the status only in WriteHeader: a handler that writes without calling WriteHeader sends 200, and statusWriter\.status stays 0"
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		log.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, time.Since(start))
	})
}
