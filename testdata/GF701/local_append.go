// Package render: a local pool (pointer to a literal, sync under an alias); the buffer is
// appended to before it goes back, so the pointer is updated before the Put.
package render

import (
	"strconv"
	gosync "sync"
)

func Join(lines [][]int) []string {
	pool := &gosync.Pool{New: func() any { return make([]byte, 0, 64) }}
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		buf := pool.Get().([]byte)
		buf = buf[:0]
		for i, n := range line {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(n), 10)
		}
		out = append(out, string(buf))
		pool.Put(buf) // want "GF701: pool\.Put stores a slice"
	}
	return out
}
