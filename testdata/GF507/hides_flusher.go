package gz

import (
	"compress/gzip"
	"net/http"
)

// gzipWriter compresses the body; it overrides Write but forwards neither Flush nor Hijack.
type gzipWriter struct { // want "GF507 (preview): gzipWriter wraps an http\.ResponseWriter but hides its http\.Flusher and http\.Hijacker: responses cannot be streamed through it"
	http.ResponseWriter
	zw *gzip.Writer
}

func (g *gzipWriter) Write(b []byte) (int, error) { return g.zw.Write(b) }

func Gzip(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		zw := gzip.NewWriter(w)
		defer zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		next.ServeHTTP(&gzipWriter{ResponseWriter: w, zw: zw}, r)
	})
}
