package more

import (
	"io/ioutil"
	"log"
	"net/http"
	"sync"
)

func legacy(u string) ([]byte, error) {
	r, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on,"
	if err != nil {
		return nil, err
	}
	if r.StatusCode != http.StatusOK {
		log.Print(r.Status)
		return nil, nil
	}
	return ioutil.ReadAll(r.Body)
}

func parallel(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
			if err != nil {
				log.Print(err)
				return
			}
			log.Print(u, resp.Status)
		}(u)
	}
	wg.Wait()
}

func byMethod(method, u string) (int, error) {
	switch method {
	case http.MethodGet:
		resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
		if err != nil {
			return 0, err
		}
		return resp.StatusCode, nil
	default:
		return 0, nil
	}
}

type poller struct {
	client *http.Client
	url    string
}

func (p *poller) poll(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		resp, err := p.client.Get(p.url) // want "GF504: the \*http\.Response of p\.client\.Get is never closed, returned or passed"
		if err != nil {
			continue
		}
		log.Print(resp.Status)
	}
}
