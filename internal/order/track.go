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
	Events       []Event // PublicTimeline: public steps, named by unit, ActorID 0
	// Photos are the resolution photos staff marked public (SetPhotoPublic);
	// no other photo is ever here.
	Photos []PhotoInfo
	// MergedInto is the master of a merged duplicate: Status, the due and
	// done times and the later Events are the master's (see Merge).
	MergedInto string
	// RatingToken, when set, lets the resident rate the order once
	// (RateByResident) until RatingTokenExpires.
	RatingToken        string
	RatingTokenExpires time.Time
}

// Track looks an order up by number for a resident. When the order has a
// reporter phone, phoneLast4 must match its last 4 digits, so that
// sequential numbers cannot be walked to read other people's orders; a
// mismatch is ErrNotFound like a wrong number.
//
// Wrong answers are counted per number in the store (see TrackLock): a
// locked number is a *TrackLockedError (ErrTrackLocked) whatever the
// digits. A right answer for an order the resident may rate (resolved,
// with a phone on file, not yet rated since its latest resolution) carries
// a one-time RatingToken for RateByResident.
func (s *Service) Track(ctx context.Context, number, phoneLast4 string) (Tracking, error) {
	if len(number) > 32 {
		return Tracking{}, notFound(number) // no order number is that long; nothing to count
	}
	now := s.clockNow()
	until, misses, err := trackLockedUntil(ctx, s.db, number, now)
	if err != nil {
		return Tracking{}, err
	}
	if !until.IsZero() {
		return Tracking{}, &TrackLockedError{Number: number, Until: until}
	}
	t, id, rateable, err := s.track(ctx, number, phoneLast4)
	if errors.Is(err, ErrNotFound) {
		until, cerr := s.recordTrackMiss(ctx, number, now)
		if cerr != nil {
			return Tracking{}, cerr
		}
		if !until.IsZero() {
			return Tracking{}, &TrackLockedError{Number: number, Until: until}
		}
		return Tracking{}, err
	}
	if err != nil {
		return Tracking{}, err
	}
	if misses > 0 { // a write only when there is something to forget
		if err := forgetTrackMisses(ctx, s.db, number); err != nil {
			return Tracking{}, err
		}
	}
	if rateable {
		if t.RatingToken, t.RatingTokenExpires, err = issueRatingToken(ctx, s.db, id, now); err != nil {
			return Tracking{}, err
		}
	}
	return t, nil
}

// track is Track without the guard: the order's public view, its id, and
// whether its reporter may rate it now.
func (s *Service) track(ctx context.Context, number, phoneLast4 string) (Tracking, int64, bool, error) {
	var t Tracking
	var id, received, due, resolved, callback, closed int64
	var last4 string
	err := s.db.QueryRowContext(ctx, `SELECT id, number, status, category_code, received_at, resolve_due_at, resolved_at,
		callback_at, closed_at, reporter_phone_last4 FROM orders WHERE number = ?`, number).
		Scan(&id, &t.Number, &t.Status, &t.Category, &received, &due, &resolved, &callback, &closed, &last4)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && last4 != "" && last4 != phoneLast4) {
		return Tracking{}, 0, false, notFound(number)
	}
	if err != nil {
		return Tracking{}, 0, false, fmt.Errorf("order: track %s: %w", number, err)
	}
	t.ReceivedAt, t.ResolveDueAt, t.ResolvedAt, t.ClosedAt = store.Time(received), store.Time(due), store.Time(resolved), store.Time(closed)
	if t.Status == StatusMerged {
		t, err = s.trackMaster(ctx, t, id)
		return t, id, false, err
	}
	evs, err := events(ctx, s.db, id, false)
	if err != nil {
		return Tracking{}, 0, false, err
	}
	if t.Events, err = publicTimeline(ctx, s.db, evs); err != nil {
		return Tracking{}, 0, false, err
	}
	if t.Photos, err = photosOf(ctx, s.db, id, true); err != nil {
		return Tracking{}, 0, false, err
	}
	// Who may rate is RateByResident's rule (residentCallbackTo); the
	// phone on file is what the resident proved.
	rateable := last4 != "" && t.Status == StatusResolved && callback < resolved
	return t, id, rateable, nil
}
