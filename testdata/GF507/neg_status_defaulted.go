package defaulted

import (
	"log"
	"net/http"
)

// The status starts at 200 in the constructor, so a plain Write is recorded right.
type rec struct {
	http.ResponseWriter
	status int
}

func (r *rec) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *rec) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func wrap(w http.ResponseWriter) *rec { return &rec{ResponseWriter: w, status: http.StatusOK} }

// Here the reader takes a 0 for 200.
type tracker struct {
	http.ResponseWriter
	code int
}

func (t *tracker) WriteHeader(code int) {
	t.code = code
	t.ResponseWriter.WriteHeader(code)
}

func (t *tracker) Unwrap() http.ResponseWriter { return t.ResponseWriter }

func logStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := &tracker{ResponseWriter: w}
		rw := wrap(w)
		next.ServeHTTP(t, r)
		code := t.code
		if t.code == 0 {
			code = http.StatusOK
		}
		log.Print(code, rw.status)
	})
}
