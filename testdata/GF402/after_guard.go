package after_guard

import (
	"log"
	"sync"
)

type order struct {
	ID    string
	Email string
}

func sendMail(to, subject string) error {
	log.Printf("mail to=%s subject=%q", to, subject)
	return nil
}

func notifyShipped(orders []order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if o.Email == "" {
				return
			}
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			if err := sendMail(o.Email, "Your order "+o.ID+" has shipped"); err != nil {
				log.Printf("notify %s: %v", o.ID, err)
			}
		}()
	}
	wg.Wait()
}

func directDone(orders []order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if o.Email == "" {
				return
			}
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			_ = sendMail(o.Email, "shipped")
			wg.Done()
		}()
	}
	wg.Wait()
}
