package p

func value() int { return 1 }

func Handoff() int {
	ch := make(chan int)
	go func() { ch <- value() }()
	v := <-ch
	return v
}

func OnlyResultCase() int {
	ch := make(chan int)
	go func() { ch <- value() }()
	select {
	case v := <-ch:
		return v
	}
}

func WithDefault() int {
	ch := make(chan int)
	go func() { ch <- value() }()
	select {
	case v := <-ch:
		return v
	default:
		return 0
	}
}
