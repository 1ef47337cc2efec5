package heartbeat

import "time"

func beat() {}

// The loop drains after every select, also after the one in which the timer's case won.
func run(stop <-chan struct{}, every time.Duration) {
	t := time.NewTimer(every)
	for {
		select {
		case <-t.C:
			beat()
		case <-stop:
			return
		}
		if !t.Stop() { // want "GF603 (preview): this drain blocks forever once the case at line 12 has received from t.C"
			<-t.C
		}
		t.Reset(every)
	}
}

// gofixer-test: preview
