package nolock

import (
	"strings"
	"sync"
)

// Mutex is this package's own type, not sync's.
type Mutex struct{ held bool }

func (m Mutex) Held() bool { return m.held }

type Point struct {
	X, Y int
	Tags []string
}

func (p Point) Add(q Point) Point { return Point{X: p.X + q.X, Y: p.Y + q.Y} }

type Named struct {
	Point
	name strings.Builder
	once *sync.Once
}

func describe(n Named, m Mutex) string { return n.name.String() + strings.Repeat("!", n.X) + string(rune(len(n.Tags))) + map[bool]string{true: "held"}[m.Held()] }

func Use() string {
	var n Named
	return describe(n, Mutex{})
}
