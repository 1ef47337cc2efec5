package neghelper

import (
	"io"
	"net/http"
)

func closeBody(resp *http.Response) {
	_ = resp.Body.Close()
}

func drain(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, rc)
	_ = rc.Close()
}

func viaHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer closeBody(resp)
	return nil
}

func viaVariable(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	body := resp.Body
	defer body.Close()
	return io.ReadAll(body)
}

func viaBodyHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer drain(resp.Body)
	return nil
}

func replacedBody(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(resp.Body)
	return nil
}

func written(u string, w io.Writer) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return resp.Write(w) // Response.Write closes the body
}
