package metricsmw

import (
	"net/http"
	"strconv"
)

type counter interface{ Inc(labels ...string) }

// recorder keeps the wrapped writer in a named field; Unwrap lets http.ResponseController
// reach the writer's optional interfaces.
type recorder struct {
	rw   http.ResponseWriter
	code int
}

func (r *recorder) Header() http.Header { return r.rw.Header() }

func (r *recorder) WriteHeader(code int) { // want "GF507 (preview): recorder records the status only in WriteHeader"
	r.code = code
	r.rw.WriteHeader(code)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.rw }

func Count(c counter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := &recorder{rw: w}
		next.ServeHTTP(rec, req)
		c.Inc(strconv.Itoa(rec.code))
	})
}
