package main

var hooks []func()

func register(f func()) { hooks = append(hooks, f) }

func setup(ch chan int) {
	close(ch)
	register(func() {
		ch <- 1
	})
}

var global = make(chan int, 1)

func renewGlobal() { global = make(chan int, 1) }

func cycle() {
	close(global)
	renewGlobal()
	global <- 1
}

func main() {
	setup(make(chan int))
	cycle()
}
