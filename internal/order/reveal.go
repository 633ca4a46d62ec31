package order

import (
	"context"
	"fmt"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// Bounds on the purpose of a reveal, so that "x" is not a purpose.
const (
	minPurpose = 4
	maxPurpose = 200
)

// RevealReporter returns the reporter's name and phone in full, for a
// stated purpose (e.g. "回访核实办理结果"), and records the reveal in the
// audit log (action "order.reveal_reporter", target "order:<number>",
// detail the purpose) in the same transaction. Operators, dispatchers and
// supervisors may reveal any order in their scope; the lead handler may
// reveal the reporter of an order that is not confidential. Anyone else
// gets ErrForbidden; out of scope is ErrNotFound.
func (s *Service) RevealReporter(ctx context.Context, a Actor, number, purpose string) (Reporter, error) {
	purpose, err := cleanText("purpose", purpose, maxPurpose, true)
	if err != nil {
		return Reporter{}, err
	}
	if utf8.RuneCountInString(purpose) < minPurpose {
		return Reporter{}, invalid("purpose", "say why, in at least %d characters", minPurpose)
	}
	var out Reporter
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := load(ctx, tx, number)
		if err != nil {
			return err
		}
		if !a.canSee(&o) {
			return notFound(number)
		}
		if !a.mayReveal(&o) {
			return &TransitionError{Number: number, Action: "reveal", Status: o.Status, Level: o.Level, Role: a.Role, forbidden: true,
				Msg: "only operators, dispatchers, supervisors and the handler of a non-confidential order may see the reporter"}
		}
		name, phone, err := s.openReporter(&o)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("purpose: %s", purpose)
		if err := a.audit().Record(ctx, tx, s.clockNow(), "order.reveal_reporter", "order:"+number, detail); err != nil {
			return err
		}
		email, err := s.keys.Open(o.sealedEmail)
		if err != nil {
			return fmt.Errorf("order %s: reporter e-mail: %w", number, err)
		}
		out = Reporter{Name: name, Phone: phone, Email: email, Revealed: true}
		return nil
	})
	return out, err
}
