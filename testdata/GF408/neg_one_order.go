package neg_one_order

import "sync"

type Account struct {
	mu  sync.Mutex
	bal int
}

type Bank struct {
	mu       sync.Mutex
	accounts map[string]*Account
}

// Everything takes the bank's mutex first, then an account's.
func (b *Bank) Deposit(name string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.accounts[name]
	a.mu.Lock()
	a.bal += n
	a.mu.Unlock()
}

func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := 0
	for _, a := range b.accounts {
		t += a.balance()
	}
	return t
}

func (a *Account) balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.bal
}

// Sequential, not nested: the account's lock is released before the bank's is taken.
func (a *Account) Close(b *Bank, name string) {
	a.mu.Lock()
	a.bal = 0
	a.mu.Unlock()
	b.mu.Lock()
	delete(b.accounts, name)
	b.mu.Unlock()
}
