package order

import (
	"context"
	"slices"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Every action takes the version the actor saw: if the order changed since,
// it is ErrStaleVersion and nothing changes. Out of scope is ErrNotFound;
// a step the status does not allow is ErrIllegalTransition; one the role
// (or not being the handler) does not allow is ErrForbidden; a missing
// reason or a bad target is a *ValidationError.

// Accept (受理) takes a resident's order in; it is then routed by the
// catalogue like an order filed by staff.
func (s *Service) Accept(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionAccept, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = note
		cat, err := category.Get(ctx, tx, o.Category)
		if err != nil {
			return err
		}
		routed, err := s.routeByCatalogue(ctx, tx, o, cat.Route, o.Channel == ChannelPatrol, st.now)
		if routed != nil {
			st.follow = append(st.follow, *routed)
		}
		return err
	})
}

// Dispatch (派遣) sends a pending order to a grid, a street, or a lead
// department with co-handlers.
func (s *Service) Dispatch(ctx context.Context, a Actor, number string, version int, t Target, note string) (Order, error) {
	return s.send(ctx, a, number, version, ActionDispatch, t, note, false)
}

// Redispatch (改派) takes an order from its handler and sends it elsewhere;
// a reason is required.
func (s *Service) Redispatch(ctx context.Context, a Actor, number string, version int, t Target, reason string) (Order, error) {
	return s.send(ctx, a, number, version, ActionRedispatch, t, reason, true)
}

func (s *Service) send(ctx context.Context, a Actor, number string, version int, action Action, t Target, note string, noteRequired bool) (Order, error) {
	note, err := cleanNote("note", note, noteRequired)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, action, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		t, err := checkTarget(ctx, tx, a, o, t)
		if err != nil {
			return err
		}
		if action == ActionRedispatch && t.Level == o.Level && t.Code == o.HandlerCode && slices.Equal(t.CoHandlers, o.CoHandlers) {
			return invalid("target", "the order is already with %s %s", o.Level, o.HandlerCode)
		}
		st.note = note
		st.data = map[string]any{"level": t.Level, "handler": t.Code, "co_handlers": t.CoHandlers,
			"previous_level": o.Level, "previous_handler": o.HandlerCode}
		o.Level, o.HandlerCode, o.DispatchedAt, o.SignedAt = t.Level, t.Code, st.now, time.Time{}
		return setCoHandlers(ctx, tx, o, t.CoHandlers, st.now)
	})
}

// Sign (签收): the handler acknowledges the order.
func (s *Service) Sign(ctx context.Context, a Actor, number string, version int) (Order, error) {
	return s.act(ctx, a, number, version, ActionSign, signStep)
}

func signStep(_ context.Context, _ *store.Tx, o *Order, st *step) error {
	o.SignedAt = st.now
	return nil
}

// Reply records the provisional reply (暂时性答复): first contact with the
// resident, due within the reply limit. The first reply sets RepliedAt.
func (s *Service) Reply(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionReply, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = note
		if o.RepliedAt.IsZero() {
			o.RepliedAt = st.now
		}
		st.data = map[string]any{"on_time": !st.now.After(o.ReplyDueAt)}
		return nil
	})
}

// Return (退单): the handler sends the order back to the dispatcher with a
// reason. After MaxReturns returns the centre's dispatch is final and
// further returns are refused.
func (s *Service) Return(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionReturn, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		if o.Returns >= s.maxReturns {
			return refuse("returned %d times already: the command centre's dispatch is final (contest it with the centre)", o.Returns)
		}
		st.note = reason
		st.data = map[string]any{"from_level": o.Level, "from_handler": o.HandlerCode, "returns": o.Returns + 1}
		o.Returns++
		o.Level, o.HandlerCode, o.SignedAt = category.LevelCentre, "", time.Time{}
		return setCoHandlers(ctx, tx, o, nil, st.now)
	})
}

// Escalate (上报) moves an order up the ladder: grid → street, street →
// command centre. A reason is required.
func (s *Service) Escalate(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionEscalate, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = reason
		st.data = map[string]any{"from_level": o.Level, "from_handler": o.HandlerCode}
		o.Escalations++
		o.SignedAt = time.Time{}
		switch o.Level {
		case category.LevelGrid:
			o.Level, o.HandlerCode, o.DispatchedAt = category.LevelStreet, o.StreetCode, st.now
		default:
			o.Level, o.HandlerCode = category.LevelCentre, ""
		}
		st.data["level"], st.data["handler"] = o.Level, o.HandlerCode
		return nil
	})
}

// Resolve (办结): the handler reports the result, with photos as evidence.
// A patrol find (未诉先办) closes at once: no resident called, so there is
// no one to call back, and it stays out of the callback and satisfaction
// measures as a consultation answered on the spot does.
func (s *Service) Resolve(ctx context.Context, a Actor, number string, version int, note string, evidence []Photo) (Order, error) {
	note, err := cleanNote("note", note, true)
	if err != nil {
		return Order{}, err
	}
	photos, err := s.readPhotos("evidence", evidence)
	if err != nil {
		return Order{}, err
	}
	if err := s.storeBlobs(photos); err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionResolve, resolveStep(note, photos))
}

func resolveStep(note string, photos []blob) func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
	return func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = note
		st.data = map[string]any{"photos": len(photos), "on_time": !st.now.After(o.ResolveDueAt)}
		o.ResolvedAt = st.now
		o.CallbackAttempts, o.CallbackRetryAt = 0, time.Time{} // counted per resolution
		if o.Channel == ChannelPatrol {
			st.to, o.Status, o.ClosedAt = StatusClosed, StatusClosed, st.now
		}
		st.after = func(ctx context.Context, tx *store.Tx, seq int) error {
			return insertPhotos(ctx, tx, o.ID, stageEvidence, seq, photos, st.now)
		}
		return nil
	}
}

// Callback (回访) records the resident's rating. 满意 and 基本满意 close the
// order; 不满意 keeps it resolved for the dispatcher to reopen (or to call
// back again).
func (s *Service) Callback(ctx context.Context, a Actor, number string, version int, rating Rating, note string) (Order, error) {
	apply, err := callbackStep(rating, note)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionCallback, apply)
}

// callbackStep checks a rating and its note and returns the step that
// records them; the centre's callback and the resident's own rating
// (RateByResident) share it.
func callbackStep(rating Rating, note string) (func(ctx context.Context, tx *store.Tx, o *Order, st *step) error, error) {
	if !slices.Contains([]Rating{RatingSatisfied, RatingBasic, RatingUnsatisfied}, rating) {
		return nil, invalid("rating", "%q: want satisfied (满意), basic (基本满意) or unsatisfied (不满意)", rating)
	}
	note, err := cleanNote("note", note, false)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = note
		st.data = map[string]any{"rating": string(rating)}
		o.Rating, o.CallbackAt, o.CallbackRetryAt = rating, st.now, time.Time{}
		if rating == RatingUnsatisfied {
			st.to, o.Status = StatusResolved, StatusResolved
			return nil
		}
		o.ClosedAt = st.now
		return nil
	}, nil
}

// Reopen (重办) sends a resolved order back to the handler who resolved
// it, counted as rework, with a fresh resolution deadline under the limits
// the order was filed with.
func (s *Service) Reopen(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionReopen, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		if o.Level == category.LevelCentre || o.HandlerCode == "" {
			return refuse("no handler to reopen to")
		}
		st.note = reason
		o.Reworks++
		o.ResolvedAt, o.SignedAt, o.DispatchedAt = time.Time{}, time.Time{}, st.now
		o.ResolveDueAt = s.resolveDue(st.now, o.Limits)
		st.data = map[string]any{"level": o.Level, "handler": o.HandlerCode, "reworks": o.Reworks,
			"resolve_due_at": o.ResolveDueAt.UTC().Format(time.RFC3339)}
		return nil
	})
}

// Cancel (作废) closes an order that is not a real request (a prank, a
// test, a duplicate call already on file); a reason is required.
func (s *Service) Cancel(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionCancel, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = reason
		o.ClosedAt = st.now
		return nil
	})
}

// Answer (直接答复) closes a consultation the operator answered on the
// spot, e.g. from the knowledge base. Only consultations may be answered.
func (s *Service) Answer(ctx context.Context, a Actor, number string, version int, answer string) (Order, error) {
	answer, err := cleanNote("answer", answer, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionAnswer, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		if o.Kind != category.KindConsult {
			return refuse("only consultations (咨询) can be answered directly; this is a %s", o.Kind)
		}
		st.note = answer
		if o.RepliedAt.IsZero() {
			o.RepliedAt = st.now
		}
		o.ResolvedAt, o.ClosedAt = st.now, st.now
		return nil
	})
}
