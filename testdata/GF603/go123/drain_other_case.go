package flusher

import "time"

func flush() {}

// Once the first case has taken the tick, the timer has expired: Stop returns false and the
// drain in the other case waits for a value that is gone.
func loop(poke <-chan struct{}, interval time.Duration) {
	t := time.NewTimer(interval)
	for {
		select {
		case <-t.C:
			flush()
		case <-poke:
			if !t.Stop() { // want "GF603 (preview): this drain blocks forever once the case at line 13 has received from t.C: t.Stop\(\) then returns false and nothing is left to receive"
				<-t.C
			}
			t.Reset(interval)
		}
	}
}

// gofixer-test: preview
