package lines

import "strings"

// The producer gets the channel as a parameter, sends every line and returns; the caller
// ranges for ever.
func words(text string) []string {
	lines := make(chan string)
	go func(dst chan<- string) {
		for _, l := range strings.Split(text, "\n") {
			dst <- l
		}
	}(lines)
	var out []string
	for l := range lines { // want "GF203 (preview): range over lines never ends: its only sender \(the goroutine started at line 9\) finishes without closing lines"
		out = append(out, strings.Fields(l)...)
	}
	return out
}

// gofixer-test: preview
