package neghandedon

import (
	"net/http"
)

type cache struct {
	last  *http.Response
	byURL map[string]*http.Response
	all   []*http.Response
}

type result struct {
	resp *http.Response
	err  error
}

func returned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func returnedDirectly(u string) (*http.Response, error) {
	return http.Get(u)
}

func namedResult(u string) (resp *http.Response, err error) {
	resp, err = http.Get(u)
	return
}

func (c *cache) field(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	c.last = resp
	return nil
}

func (c *cache) storedDirectly(u string) error {
	var err error
	c.last, err = http.Get(u)
	return err
}

func (c *cache) mapAndSlice(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	c.byURL[u] = resp
	c.all = append(c.all, resp)
	return nil
}

func literal(u string) result {
	resp, err := http.Get(u)
	return result{resp: resp, err: err}
}

func sent(u string, out chan<- *http.Response) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	out <- resp
}

func process(resp *http.Response) {
	defer resp.Body.Close()
}

func passed(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	process(resp)
}

func goroutine(u string) {
	go func() {
		resp, err := http.Get(u)
		if err != nil {
			return
		}
		process(resp)
	}()
}

func asArgument(u string) {
	consume(http.Get(u))
}

func consume(resp *http.Response, err error) {
	if err == nil {
		resp.Body.Close()
	}
}

func copied(u string) (http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return http.Response{}, err
	}
	return *resp, nil
}
