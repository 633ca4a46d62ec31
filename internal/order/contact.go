package order

import (
	"context"
	"fmt"

	"civicgrid/internal/pii"
)

// Contact is how to reach an order's reporter, for a notice about to be
// sent (internal/notice): the phone and e-mail unsealed in memory, right
// before sending, and never stored or logged anywhere else.
type Contact struct {
	OrderID      int64
	Number       string
	Status       Status
	Category     string // code
	Confidential bool
	// Notify: the reporter asked at intake to hear back.
	Notify bool
	Phone  string
	// PhoneBlinds are the phone's blind index under every key of the
	// keyring, the current key's first: how opt-outs and daily counts name
	// the number without holding it.
	PhoneBlinds []string
	Email       string
}

// Contact reads the reporter of order id, unsealed.
func (s *Service) Contact(ctx context.Context, id int64) (Contact, error) {
	o, err := loadByID(ctx, s.db, id)
	if err != nil {
		return Contact{}, err
	}
	c := Contact{OrderID: o.ID, Number: o.Number, Status: o.Status, Category: o.Category,
		Confidential: o.Confidential, Notify: o.NotifyResident}
	if c.Phone, err = s.keys.Open(o.sealedPhone); err != nil {
		return Contact{}, fmt.Errorf("order %s: reporter phone: %w", o.Number, err)
	}
	if c.Email, err = s.keys.Open(o.sealedEmail); err != nil {
		return Contact{}, fmt.Errorf("order %s: reporter e-mail: %w", o.Number, err)
	}
	if c.Phone != "" {
		c.PhoneBlinds = s.keys.BlindAll(c.Phone)
	}
	return c, nil
}

// PhoneBlinds is a phone number's blind index under every key, the
// current key's first (an opt-out by SMS reply names the number).
func (s *Service) PhoneBlinds(phone string) []string {
	return s.keys.BlindAll(pii.NormalizePhone(phone))
}
