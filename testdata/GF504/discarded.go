package discarded

import (
	"log"
	"net/http"
)

func reachable(u string) error {
	_, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is discarded, so its Body is never clos"
	if err != nil {
		return err
	}
	return nil
}

func fireAndForget(u string) {
	http.Get(u) // want "GF504: the \*http\.Response of http\.Get is discarded, so its Body is never clos"
}

func ignoredError(u string) int {
	resp, _ := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	return resp.StatusCode
}

func assigned(u string) {
	var err error
	_, err = http.Get(u) // want "GF504: the \*http\.Response of http\.Get is discarded, so its Body is never clos"
	if err != nil {
		log.Print(err)
		return
	}
}

func inHeader(u string) {
	var err error
	if _, err = http.DefaultClient.Get(u); err != nil { // want "GF504: the \*http\.Response of http\.DefaultClient\.Get is discarded, so its Body"
		log.Fatal(err)
	}
}

func nameTaken(u string, resp int) (int, error) {
	_, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is discarded, so its Body is never clos"
	if err != nil {
		return 0, err
	}
	return resp, nil
}
