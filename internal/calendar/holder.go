package calendar

import (
	"context"
	"sync/atomic"

	"civicgrid/internal/store"
)

// Holder keeps the calendar in use and swaps in a fresh one after a
// change, so readers never lock: pass h.Calendar where a func() *Calendar
// is wanted.
type Holder struct {
	p atomic.Pointer[Calendar]
}

// NewHolder starts with c.
func NewHolder(c *Calendar) *Holder {
	h := &Holder{}
	h.p.Store(c)
	return h
}

// Calendar is the calendar in use.
func (h *Holder) Calendar() *Calendar { return h.p.Load() }

// Reload loads the calendar again from q, in the location of the current
// one, and swaps it in. On an error the current calendar stays.
func (h *Holder) Reload(ctx context.Context, q store.Querier) error {
	c, err := Load(ctx, q, h.Calendar().Location())
	if err != nil {
		return err
	}
	h.p.Store(c)
	return nil
}
