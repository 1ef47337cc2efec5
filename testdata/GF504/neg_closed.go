package negclosed

import (
	"io"
	"log"
	"net/http"
)

func deferred(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func later(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return b, err
}

func closure(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer func() {
		_ = resp.Body.Close()
	}()
	return io.ReadAll(resp.Body)
}

func onSomePaths(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return 0
	}
	return resp.StatusCode
}

func beforeCheck(u string) error {
	resp, err := http.Get(u)
	if resp != nil && resp.Body != nil {
		defer resp.Body.Close()
	}
	return err
}

func methodValue(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer logErr(resp.Body.Close)
	return nil
}

func logErr(f func() error) {
	if err := f(); err != nil {
		log.Print(err)
	}
}

func drainAndClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer func() {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return nil
}

func loopClosed(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close()
	}
}
