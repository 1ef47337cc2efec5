package neg_unlock_and_wait

import (
	"sync"
	"time"
)

type Devices struct {
	sync.Mutex
	busy map[string]bool
}

// waitIdle gives the caller's lock up while it sleeps and takes it back.
func (d *Devices) waitIdle(name string) {
	for d.busy[name] {
		d.Unlock()
		time.Sleep(time.Millisecond)
		d.Lock()
	}
}

func (d *Devices) Remove(name string) {
	d.Lock()
	defer d.Unlock()
	d.waitIdle(name)
	delete(d.busy, name)
}

func (d *Devices) release() {
	d.Unlock()
}

// The helper releases the lock; locking again after it is fine.
func (d *Devices) Swap(name string) {
	d.Lock()
	d.busy[name] = true
	d.release()
	d.Lock()
	d.busy[name] = false
	d.Unlock()
}

// Lock, unlock, lock again on every path.
func (d *Devices) Toggle(name string) {
	d.Lock()
	d.busy[name] = !d.busy[name]
	d.Unlock()
	time.Sleep(time.Millisecond)
	d.Lock()
	d.busy[name] = !d.busy[name]
	d.Unlock()
}
