package send_under_deferred_unlock

import "sync"

type Status int

type Manager struct {
	mu       sync.Mutex
	statuses map[string]Status
	updates  chan string
}

func NewManager() *Manager {
	m := &Manager{statuses: map[string]Status{}, updates: make(chan string)}
	go m.run()
	return m
}

func (m *Manager) run() {
	for name := range m.updates {
		m.forget(name)
	}
}

func (m *Manager) forget(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.statuses, name)
}

// Set sends while it holds m.mu, and run must take m.mu (in forget) between two receives.
func (m *Manager) Set(name string, s Status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses[name] = s
	m.updates <- name // want "GF407 (preview): `m.updates <- name` waits while holding `m.mu` \(locked at line 33\), and the goroutine that would receive it \(run, line 20\) locks the same mutex first \(run → forget: Lock at line 26\)"
}
