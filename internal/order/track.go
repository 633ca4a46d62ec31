package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Tracking is what a resident sees of an order: its progress and the
// public steps of its timeline, without names of staff or the reporter.
type Tracking struct {
	Number       string
	Status       Status
	Category     string
	ReceivedAt   time.Time
	ResolveDueAt time.Time
	ResolvedAt   time.Time
	ClosedAt     time.Time
	Events       []Event // public events only; ActorName is the role, ActorID 0
	// MergedInto is the master of a merged duplicate: Status, the due and
	// done times and the later Events are the master's (see Merge).
	MergedInto string
}

// Track looks an order up by number for a resident. When the order has a
// reporter phone, phoneLast4 must match its last 4 digits, so that
// sequential numbers cannot be walked to read other people's orders; a
// mismatch is ErrNotFound like a wrong number.
func (s *Service) Track(ctx context.Context, number, phoneLast4 string) (Tracking, error) {
	var t Tracking
	var id, received, due, resolved, closed int64
	var last4 string
	err := s.db.QueryRowContext(ctx, `SELECT id, number, status, category_code, received_at, resolve_due_at, resolved_at,
		closed_at, reporter_phone_last4 FROM orders WHERE number = ?`, number).
		Scan(&id, &t.Number, &t.Status, &t.Category, &received, &due, &resolved, &closed, &last4)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && last4 != "" && last4 != phoneLast4) {
		return Tracking{}, notFound(number)
	}
	if err != nil {
		return Tracking{}, fmt.Errorf("order: track %s: %w", number, err)
	}
	t.ReceivedAt, t.ResolveDueAt, t.ResolvedAt, t.ClosedAt = store.Time(received), store.Time(due), store.Time(resolved), store.Time(closed)
	if t.Status == StatusMerged {
		return s.trackMaster(ctx, t, id)
	}
	evs, err := events(ctx, s.db, id, true)
	if err != nil {
		return Tracking{}, err
	}
	for i := range evs {
		evs[i].ActorID, evs[i].ActorName = 0, publicActorName(evs[i].ActorRole)
		evs[i].Data = publicEventData(evs[i])
	}
	t.Events = evs
	return t, nil
}

// publicActorName names who acted, by role, for residents.
func publicActorName(role string) string {
	switch role {
	case roleResident:
		return "您 you"
	case roleSystem:
		return "系统 system"
	default:
		return "工作人员 staff"
	}
}
