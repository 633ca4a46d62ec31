package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/store"
)

// Create files a new order. It checks everything first — channel and role,
// text, location (the point must lie in a grid), category (known, active,
// a leaf) and its extra fields, photos (type by content, size) — and on
// any error writes nothing. Then, in one transaction, it allocates the
// number, writes the order, the first timeline event and the outbox
// event. Orders filed by staff are accepted at once and routed by the
// catalogue (a gas leak goes straight to the gas company; patrol finds
// stay with the grid); a resident's order waits for acceptance.
//
// With an IdempotencyKey, a retry of the same request returns the first
// order and replayed = true; the same key with a different request is
// ErrIdempotencyConflict. The returned order is masked for a.
func (s *Service) Create(ctx context.Context, a Actor, in Input) (o Order, replayed bool, err error) {
	return s.create(ctx, a, in, nil)
}

// then runs steps on a just-filed order in its transaction and returns the
// order after them (masked for the actor), or a zero Order when it took
// none.
type then func(ctx context.Context, tx *store.Tx, o Order, now time.Time) (Order, error)

// create is Create, with more steps on the new order in the same
// transaction when next is not nil.
func (s *Service) create(ctx context.Context, a Actor, in Input, next then) (o Order, replayed bool, err error) {
	now := s.clockNow()
	if in, err = s.withFacility(ctx, in); err != nil {
		return Order{}, false, err
	}
	if in, err = s.withAutoCategory(ctx, in); err != nil {
		return Order{}, false, err
	}
	in, err = s.cleanInput(a, in, now)
	if err != nil {
		return Order{}, false, err
	}
	photos, err := s.readPhotos("photos", in.Photos)
	if err != nil {
		return Order{}, false, err
	}
	asSent := in
	if in.autoScore > 0 {
		// The request as sent had no category: a retry after the model
		// changed its mind is still the same request.
		asSent.Category = ""
	}
	canon, err := canonicalRequest(a, asSent, photos)
	if err != nil {
		return Order{}, false, err
	}
	hash := s.keys.Blind(canon)
	if in.IdempotencyKey != "" {
		if first, found, err := s.replay(ctx, a, in.IdempotencyKey, canon); found || err != nil {
			return first, found, err
		}
	}
	cat, at, err := s.checkRefs(ctx, a, in)
	if err != nil {
		return Order{}, false, err
	}
	if err := s.storeBlobs(photos); err != nil {
		return Order{}, false, err
	}
	var created, after Order
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		created, err = s.insert(ctx, tx, a, in, cat, at, photos, hash, now)
		if err != nil || next == nil {
			return err
		}
		after, err = next(ctx, tx, created, now)
		return err
	})
	if in.IdempotencyKey != "" && store.IsUniqueViolation(err) {
		// A concurrent request with the same key won the race (PostgreSQL
		// lets both transactions start; the unique index decides).
		if first, found, rerr := s.replay(ctx, a, in.IdempotencyKey, canon); found || rerr != nil {
			return first, found, rerr
		}
	}
	if err != nil {
		return Order{}, false, err
	}
	if after.Number != "" {
		return after, false, nil
	}
	out, err := s.view(a, created)
	return out, false, err
}

// checkRefs checks what needs the database, read-only, before any photo
// is written: the category and the location, and that a staff member
// files inside their scope.
func (s *Service) checkRefs(ctx context.Context, a Actor, in Input) (category.Category, place, error) {
	cat, err := category.Get(ctx, s.db, in.Category)
	if errors.Is(err, category.ErrNotFound) {
		return cat, place{}, invalidKind(ErrUnknownCategory, "category", "%q is not in the catalogue", in.Category)
	}
	if err != nil {
		return cat, place{}, err
	}
	switch {
	case !cat.Active:
		return cat, place{}, invalidKind(ErrInactiveCategory, "category", "%s (%s) is no longer in use; choose another", cat.NameZh, cat.Code)
	case !cat.Leaf:
		return cat, place{}, invalid("category", "%s (%s) is a class; choose one of its sub-categories", cat.NameZh, cat.Code)
	}
	if _, err := cat.CheckAttributes(in.Attributes); err != nil {
		var ae *category.AttributeError
		if errors.As(err, &ae) {
			return cat, place{}, invalid("attributes."+ae.Code, "%s", ae.Msg)
		}
		return cat, place{}, err
	}
	at, err := s.locate(ctx, s.db, in)
	if err != nil {
		return cat, place{}, err
	}
	if !a.isResident() {
		code := at.grid
		if code == "" {
			code = at.community
		}
		if !a.Scope.CoversRegion(code) {
			return cat, place{}, invalid("location", "%s lies outside your area", code)
		}
	}
	return cat, at, nil
}

func (s *Service) insert(ctx context.Context, tx *store.Tx, a Actor, in Input, cat category.Category,
	at place, photos []blob, hash string, now time.Time) (Order, error) {
	received := now
	if !in.ReceivedAt.IsZero() {
		received = in.ReceivedAt
	}
	id, number, err := allocateOrder(ctx, tx, received, s.zone)
	if err != nil {
		return Order{}, err
	}
	attrs, _ := cat.CheckAttributes(in.Attributes) // checked in checkRefs
	o := Order{
		ID: id, Number: number, Channel: in.Channel, Status: StatusPending, Category: cat.Code, CategoryVersion: cat.Version,
		Kind: cat.Kind, Urgency: cat.Urgency, Limits: cat.Limits, Description: in.Description, Attributes: attrs,
		Point: in.Point, Address: in.Address, GridCode: at.grid, CommunityCode: at.community, StreetCode: at.street,
		DistrictCode: at.district, Confidential: in.Confidential, NotifyResident: in.Notify, Level: category.LevelCentre,
		ReceivedAt: received, ReplyDueAt: s.clock.AddDuration(received, cat.Limits.Reply),
		ResolveDueAt: s.resolveDue(received, cat.Limits), Version: 1, CreatedAt: now, UpdatedAt: now,
		CoHandlers: []string{}, createdBy: a.UserID, requestHash: hash, DemandType: demandType(in),
	}
	if a.isResident() {
		o.Status = StatusNew
	}
	if in.Channel == ChannelUpstream { // the upstream's deadlines, where it set them
		if !in.ReplyDue.IsZero() {
			o.ReplyDueAt = in.ReplyDue.UTC()
		}
		if !in.ResolveDue.IsZero() {
			o.ResolveDueAt = in.ResolveDue.UTC()
		}
	}
	if o.sealedName, err = s.keys.Seal(in.ReporterName); err != nil {
		return Order{}, err
	}
	if o.sealedPhone, err = s.keys.Seal(in.ReporterPhone); err != nil {
		return Order{}, err
	}
	if o.sealedEmail, err = s.keys.Seal(in.ReporterEmail); err != nil {
		return Order{}, err
	}
	o.phoneBlind = s.keys.Blind(in.ReporterPhone)
	if n := len(in.ReporterPhone); n >= 4 {
		o.phoneLast4 = in.ReporterPhone[n-4:]
	}
	// Route before the insert so the row lands in its final state; the
	// events below tell the story in order.
	detail := map[string]any{"channel": in.Channel, "photos": len(photos)}
	if in.FacilityCode != "" {
		o.FacilityCode = in.FacilityCode
		detail["facility"], detail["facility_owner"] = in.FacilityCode, in.facilityOwner
	}
	if in.autoScore > 0 {
		detail["auto_category"], detail["auto_score"] = in.Category, in.autoScore
	}
	created := actorEvent(a, ActionCreate, "", o.Status, "", detail)
	var routed *Event
	if o.Status == StatusPending {
		if routed, err = s.routeByCatalogue(ctx, tx, &o, cat.Route, in.Channel == ChannelPatrol, now); err != nil {
			return Order{}, err
		}
	}
	// The order is new: its events are 1 (created) and 2 (routed), written
	// together; the intake photos belong to event 1.
	evs := []Event{created}
	if routed != nil {
		evs = append(evs, *routed)
	}
	if err := writeNewOrder(ctx, tx, &o, in.IdempotencyKey, evs, now); err != nil {
		return Order{}, err
	}
	if err := insertPhotos(ctx, tx, o.ID, stageIntake, 1, photos, now); err != nil {
		return Order{}, err
	}
	return o, nil
}

// resolveDue is the resolution deadline for limits counted from t.
func (s *Service) resolveDue(t time.Time, l category.Limits) time.Time {
	if l.ResolveWorkingDays > 0 {
		return s.clock.AddWorkingDays(t, l.ResolveWorkingDays)
	}
	return s.clock.AddDuration(t, l.ResolveWithin)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// canonicalRequest is what the idempotency check compares: who sent the
// request and everything it carried (photos by their SHA-256). Only its
// keyed hash (pii Blind) is stored: a plain hash would let anyone holding
// the database test guesses of the reporter's phone number.
func canonicalRequest(a Actor, in Input, photos []blob) (string, error) {
	sums := make([]string, len(photos))
	for i, p := range photos {
		sums[i] = p.sha
	}
	in.Photos = nil
	b, err := json.Marshal(struct {
		UserID int64
		Role   string
		Input  Input
		Photos []string
	}{a.UserID, a.Role, in, sums})
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// replay returns the order filed earlier under key, masked for a, when the
// request (canon) matches; found is false when there is none yet.
func (s *Service) replay(ctx context.Context, a Actor, key, canon string) (Order, bool, error) {
	var number string
	err := s.db.QueryRowContext(ctx, `SELECT number FROM orders WHERE idempotency_key = ?`, key).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, false, nil
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("order: idempotency lookup: %w", err)
	}
	first, err := load(ctx, s.db, number)
	if err != nil {
		return Order{}, false, err
	}
	// BlindAll: after a key rotation the same request is still recognised
	// by the key that was current when the first order was filed.
	if !slices.Contains(s.keys.BlindAll(canon), first.requestHash) {
		return Order{}, false, fmt.Errorf("key %q was used for order %s: %w", key, number, ErrIdempotencyConflict)
	}
	out, err := s.view(a, first)
	return out, true, err
}

// demandType is the 诉求类型 staff gave, or the one the words suggest.
func demandType(in Input) string {
	if in.DemandType != "" {
		return in.DemandType
	}
	return classify.SuggestKind(in.Description)
}
