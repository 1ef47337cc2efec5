package neggeneric

import "sync"

// Box holds whatever it is given: with a type parameter the analysis cannot tell whether T
// is a lock, so it stays silent.
type Box[T any] struct {
	v T
}

func (b Box[T]) Get() T { return b.v }

func first[T any](xs []T, x T) T {
	if len(xs) == 0 {
		return x
	}
	return xs[0]
}

type Pair[K comparable, V any] struct {
	key K
	val V
}

func (p Pair[K, V]) Key() K { return p.key }

func Use() int {
	var mu sync.Mutex
	b := Box[*sync.Mutex]{v: &mu}
	b.Get().Lock()
	defer b.Get().Unlock()
	p := Pair[string, int]{key: "a", val: 1}
	_ = p.Key()
	return first([]int{}, p.val)
}
