// Package cache has methods named like database/sql's, on types of its own.
package cache

import "context"

type Conn struct{}

func (c *Conn) Query(q string) []string { return nil }
func (c *Conn) Exec(q string) error     { return nil }

type Cache struct {
	conn *Conn
}

func (c *Cache) Keys(ctx context.Context) []string {
	if err := c.conn.Exec("SYNC"); err != nil {
		return nil
	}
	return c.conn.Query("KEYS *")
}

type getter interface {
	Get(url string) (string, error)
}

func Fetch(ctx context.Context, g getter, url string) (string, error) {
	return g.Get(url)
}
