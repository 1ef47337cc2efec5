package p

import "log"

type Loop struct {
	quit  chan struct{}
	stopC chan struct{}
	work  chan int
}

// Run waits on quit/stop channels.
func (l *Loop) Run(donec <-chan struct{}) {
	go func() {
		for {
			select {
			case <-l.quit:
				log.Print("quit")
				return
			case w := <-l.work:
				log.Print(w)
			}
		}
	}()
	go func() {
		for {
			select {
			case <-l.stopC:
				log.Print("stopping") // no return, but a stop channel shows the intent
			case <-donec:
			case w := <-l.work:
				log.Print(w)
			}
		}
	}()
}
