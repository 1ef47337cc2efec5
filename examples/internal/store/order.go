// Package store holds the in-memory order book used by ordersd.
package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is the lifecycle state of an order.
type Status string

const (
	StatusPending   Status = "pending"
	StatusFulfilled Status = "fulfilled"
	StatusFailed    Status = "failed"
)

// Order is a single customer order.
type Order struct {
	ID        string    `json:"id"`
	SKU       string    `json:"sku"`
	Quantity  int       `json:"quantity"`
	Email     string    `json:"email,omitempty"`
	Status    Status    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ErrNotFound is returned when an order does not exist.
var ErrNotFound = errors.New("store: order not found")

// Validate reports whether o is acceptable for insertion.
func (o Order) Validate() error {
	switch {
	case strings.TrimSpace(o.ID) == "":
		return errors.New("order id is required")
	case strings.TrimSpace(o.SKU) == "":
		return errors.New("sku is required")
	case o.Quantity <= 0:
		return fmt.Errorf("quantity must be positive, got %d", o.Quantity)
	}
	return nil
}
