package stackless

type work struct{ arg int }

func worker(in <-chan work, f func(int)) {
	for w := range in {
		f(w.arg)
	}
}

// The channel is fed by the returned function, whenever it is called: its senders never
// finish, and the workers live as long as the function does.
func pooled(f func(int), workers int) func(int) {
	in := make(chan work, 64)
	for i := 0; i < workers; i++ {
		go worker(in, f)
	}
	return func(arg int) {
		in <- work{arg: arg}
	}
}

// gofixer-test: preview
