package fetch

import (
	"io"
	"net/http"
	"time"
)

// Get fetches url with a throwaway client.
func Get(url string) ([]byte, error) {
	resp, err := (&http.Client{}).Get(url) // want "GF503 (preview): http\.Client has no Timeout"
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// New returns a client that keeps cookies.
func New(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar} // want "GF503 (preview): http\.Client has no Timeout"
}

// Service calls another service.
type Service struct {
	client *http.Client
	retry  time.Duration
}

// NewService builds a Service.
func NewService() *Service {
	return &Service{client: &http.Client{Transport: http.DefaultTransport}, retry: time.Second} // want "GF503 (preview): http\.Client has no Timeout"
}
