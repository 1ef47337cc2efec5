package panic_only

import (
	"bytes"
	"compress/gzip"
	"sync"
)

// Done is the last statement and nothing returns before it: only a panic could skip it, and
// no deferred recover catches one here, so the process would end before Wait could hang.
// Reported only as a preview variant.
func compressAll(blobs [][]byte) [][]byte {
	out := make([][]byte, len(blobs))
	var wg sync.WaitGroup
	for i, b := range blobs {
		wg.Add(1)
		go func() {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(b)
			zw.Close()
			out[i] = buf.Bytes()
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
	return out
}
