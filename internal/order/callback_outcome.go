package order

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// CallbackOutcome is what came of one callback (回访) call: the resident's
// rating, or one of the outcomes that give none.
type CallbackOutcome string

const (
	OutcomeSatisfied   = CallbackOutcome(RatingSatisfied)
	OutcomeBasic       = CallbackOutcome(RatingBasic)
	OutcomeUnsatisfied = CallbackOutcome(RatingUnsatisfied)
	// OutcomeNoAnswer (未接通): nobody answered or the line was busy. The
	// callback is not done; the order waits for another try.
	OutcomeNoAnswer CallbackOutcome = "no_answer"
	// OutcomeRefused (拒访): the resident answered and declined to rate.
	// The callback is done (it counts in 回访率) and the order closes, with
	// no rating (it stays out of 满意率).
	OutcomeRefused CallbackOutcome = "refused"
)

// CallbackOutcomes lists every outcome in the order a form offers them.
func CallbackOutcomes() []CallbackOutcome {
	return []CallbackOutcome{OutcomeSatisfied, OutcomeBasic, OutcomeUnsatisfied, OutcomeNoAnswer, OutcomeRefused}
}

// CallbackPurpose is the purpose recorded in the audit log when the
// reporter's contact is revealed to make the callback.
const CallbackPurpose = "回访：核实办理结果并征询满意度"

// Callback retry times: after a call nobody answered, try again after
// callbackRetryDelay, from the third try on the next day; calls are made
// between callbackDayStart and callbackDayEnd (local hours) only.
const (
	callbackRetryDelay = 2 * time.Hour
	callbackDayStart   = 9
	callbackDayEnd     = 20
	callbackSameDay    = 2 // tries on one day before moving to the next
)

// RecordCallback records one callback call: a rating (满意/基本满意 close
// the order, 不满意 keeps it for reopening, as Callback), 拒访 (closes it,
// done, unrated) or 未接通 (the order stays resolved, the attempt is
// counted and the next try scheduled by NextCallbackTry).
func (s *Service) RecordCallback(ctx context.Context, a Actor, number string, version int, outcome CallbackOutcome, note string) (Order, error) {
	switch outcome {
	case OutcomeSatisfied, OutcomeBasic, OutcomeUnsatisfied:
		return s.Callback(ctx, a, number, version, Rating(outcome), note)
	case OutcomeNoAnswer, OutcomeRefused:
	default:
		return Order{}, invalid("rating", "%q: want satisfied, basic, unsatisfied, no_answer (未接通) or refused (拒访)", outcome)
	}
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionCallback, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		st.note = note
		if outcome == OutcomeRefused {
			st.data = map[string]any{"outcome": string(outcome)}
			o.Rating, o.CallbackAt, o.ClosedAt, o.CallbackRetryAt = "", st.now, st.now, time.Time{}
			return nil
		}
		o.CallbackAttempts++
		o.CallbackRetryAt = NextCallbackTry(st.now, o.CallbackAttempts, s.zone)
		st.to, o.Status, st.event = StatusResolved, StatusResolved, ActionCallbackMissed
		st.data = map[string]any{"outcome": string(outcome), "attempts": o.CallbackAttempts,
			"retry_at": o.CallbackRetryAt.UTC().Format(time.RFC3339)}
		return nil
	})
}

// NextCallbackTry is when to call again after the attempts-th call at now
// went unanswered: callbackRetryDelay later on the same day for the first
// tries, the next morning after that, and never outside calling hours.
func NextCallbackTry(now time.Time, attempts int, zone *time.Location) time.Time {
	local := now.In(zone)
	if next := local.Add(callbackRetryDelay); attempts <= callbackSameDay && next.YearDay() == local.YearDay() &&
		next.Hour() >= callbackDayStart && next.Hour() < callbackDayEnd {
		return store.Time(store.Millis(next))
	}
	if local.Hour() < callbackDayStart {
		return morning(local, zone)
	}
	return morning(local.AddDate(0, 0, 1), zone)
}

// morning is callbackDayStart o'clock on t's day.
func morning(t time.Time, zone *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), callbackDayStart, 0, 0, 0, zone)
}

// CallbackDue reports whether o waits for a callback now: resolved, and
// not waiting for a scheduled retry after an unanswered call.
func (o Order) CallbackDue(now time.Time) bool {
	return o.Status == StatusResolved && !now.Before(o.CallbackRetryAt)
}

// ResolutionNotes returns the handler's note of the latest resolution
// (办结) of each order, by number, for the callback list: what the caller
// reads to the resident. The orders must come from a read that checked
// scope (CallbackQueue).
func (s *Service) ResolutionNotes(ctx context.Context, orders []Order) (map[string]string, error) {
	out := map[string]string{}
	if len(orders) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(orders))
	marks := ""
	for i, o := range orders {
		if i > 0 {
			marks += ", "
		}
		marks += "?"
		ids = append(ids, o.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.number, e.note FROM order_events e JOIN orders o ON o.id = e.order_id
		WHERE e.action = 'resolve' AND e.order_id IN (`+marks+`) ORDER BY e.order_id, e.seq`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var number, note string
		if err := rows.Scan(&number, &note); err != nil {
			return nil, err
		}
		out[number] = note // the last (latest) wins
	}
	return out, rows.Err()
}

// RevealForCallback is RevealReporter with CallbackPurpose: the caller on
// the callback list sees the reporter's name and phone to dial, and the
// audit log records why.
func (s *Service) RevealForCallback(ctx context.Context, a Actor, number string) (Reporter, error) {
	return s.RevealReporter(ctx, a, number, CallbackPurpose)
}
