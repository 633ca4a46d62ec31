package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// life lives one order through the real order Service: each step is
// taken by the user the engine requires, at a simulated time. Steps that
// would fall after the end of the history are not taken, so recent
// orders stay open where they are.
type life struct {
	ctx   context.Context
	svc   *order.Service
	clock *simClock
	end   time.Time
	rng   *rand.Rand
	staff *roster
	spec  *orderSpec

	o       order.Order
	t       time.Time // when the last step was taken
	replyAt time.Time // when the provisional reply is planned; zero once given
	next    detour    // where the centre sends the order when it is pending
	moved   bool      // escalated, returned or redispatched: not with its usual handler
	steps   int
}

// errEnd stops a life at the end of the history; it is not a failure.
var errEnd = errors.New("demo: end of the history")

// Shares of what happens to orders, chosen to land the measures where
// districts report them (响应率 about 95 %, 按期办结率 about 90 %,
// 满意率 about 90 %).
const (
	cancelShare       = .04 // web submissions that are not real requests
	answerShare       = .85 // consultations answered on the spot
	lateReplyShare    = .05 // provisional replies after the 2 hours
	detourShare       = .06 // department-routed orders that reach the wrong owner
	lateShare         = .07 // resolutions after the deadline
	stuckRecentShare  = .04 // orders of the last stuckWindow nobody resolves (overdue now, or soon)
	reopenShare       = .7  // unsatisfied callbacks that are reopened
	chiefCallbacks    = .3  // callbacks made by a dispatcher, not an operator
	secondEscalations = .3  // grid escalations the street passes on to the centre
)

// stuckWindow is how far back an order may still be stuck at the end.
const stuckWindow = 21 * 24 * time.Hour

func (l *life) chance(p float64) bool { return l.rng.Float64() < p }

func (l *life) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(l.rng.Int64N(int64(hi-lo)+1))
}

// live runs the order from intake to where it stands at the end.
func (l *life) live() error {
	err := l.intake()
	if err == nil {
		err = l.work()
	}
	if errors.Is(err, errEnd) {
		return nil
	}
	return err
}

func (l *life) intake() error {
	s := l.spec
	creator := l.staff.operator(l.rng)
	switch s.input.Channel {
	case order.ChannelWeb:
		creator = order.ResidentActor("")
	case order.ChannelPatrol:
		creator = l.staff.gridActor(s.site.grid, l.rng)
	}
	l.clock.Set(s.received)
	o, _, err := l.svc.Create(l.ctx, creator, s.input)
	if err != nil {
		return fmt.Errorf("demo: history order %d (%s at %s): %w", s.index, s.input.Category, s.site.code, err)
	}
	l.o, l.t = o, s.received
	l.planReply()
	op := l.staff.operator(l.rng)
	if o.Status == order.StatusNew {
		at := l.t.Add(l.between(5*time.Minute, 45*time.Minute))
		if l.chance(cancelShare) {
			return l.do(at, "cancel", func(v int) (order.Order, error) {
				return l.svc.Cancel(l.ctx, op, o.Number, v, pick(l.rng, cancelReasons))
			})
		}
		if err := l.do(at, "accept", func(v int) (order.Order, error) {
			return l.svc.Accept(l.ctx, op, o.Number, v, pick(l.rng, acceptNotes))
		}); err != nil {
			return err
		}
	}
	if l.o.Kind == category.KindConsult {
		if l.chance(answerShare) {
			l.replyAt = time.Time{} // the answer is the reply
			return l.do(l.t.Add(l.between(2*time.Minute, 10*time.Minute)), "answer", func(v int) (order.Order, error) {
				return l.svc.Answer(l.ctx, op, o.Number, v, s.saying.answer)
			})
		}
		l.next = detour{level: category.LevelStreet}
		if s.saying.target != "street" && s.saying.target != "" {
			l.next = detour{level: category.LevelDepartment, code: s.saying.target}
		}
		return nil
	}
	if t, ok := centreTargets[o.Category]; ok {
		l.next = t
	} else {
		l.next = detour{level: category.LevelStreet}
	}
	return nil
}

// planReply decides when the provisional reply (暂时性答复) is given:
// within the limit mostly, late now and then.
func (l *life) planReply() {
	limit := l.o.ReplyDueAt.Sub(l.o.ReceivedAt)
	switch {
	case l.spec.input.Channel == order.ChannelPatrol:
		l.replyAt = l.t.Add(l.between(3*time.Minute, 20*time.Minute))
	case l.chance(lateReplyShare):
		l.replyAt = l.o.ReplyDueAt.Add(l.between(10*time.Minute, 4*time.Hour))
	default:
		l.replyAt = l.t.Add(l.between(limit/10, limit*9/10))
	}
}

// do takes one step at (at least a minute after the last), giving the
// provisional reply first when it is due by then.
func (l *life) do(at time.Time, what string, act func(version int) (order.Order, error)) error {
	if !at.After(l.t) {
		at = l.t.Add(l.between(time.Minute, 5*time.Minute))
	}
	if err := l.replyBy(at); err != nil {
		return err
	}
	if !at.After(l.t) {
		at = l.t.Add(l.between(time.Minute, 5*time.Minute))
	}
	if at.After(l.end) {
		return errEnd
	}
	l.clock.Set(at)
	o, err := act(l.o.Version)
	if err != nil {
		return fmt.Errorf("demo: history order %s (%s) %s at %s: %w", l.o.Number, l.o.Category, what, at.Format(time.DateTime), err)
	}
	l.o, l.t = o, at
	l.steps++
	return nil
}

// replyBy gives the provisional reply if it is planned by at: the handler
// when they have signed, else the 12345 operator.
func (l *life) replyBy(at time.Time) error {
	if l.replyAt.IsZero() || l.replyAt.After(at) || !l.o.RepliedAt.IsZero() || !l.o.Status.Open() {
		return nil
	}
	when := l.replyAt
	l.replyAt = time.Time{}
	if !when.After(l.t) {
		when = l.t.Add(l.between(time.Minute, 3*time.Minute))
	}
	if when.After(l.end) {
		return errEnd
	}
	by, note := l.staff.operator(l.rng), pick(l.rng, operatorReplies)
	if h, ok := l.staff.handler(l.o, l.rng); ok && l.o.Status == order.StatusProcessing {
		by, note = h, pick(l.rng, handlerReplies)
		switch {
		case l.spec.input.Channel != order.ChannelPatrol:
		case l.o.Level == category.LevelGrid:
			note = pick(l.rng, patrolReplies)
		default:
			note = pick(l.rng, reportReplies)
		}
	}
	l.clock.Set(when)
	o, err := l.svc.Reply(l.ctx, by, l.o.Number, l.o.Version, note)
	if err != nil {
		return fmt.Errorf("demo: history order %s reply: %w", l.o.Number, err)
	}
	l.o, l.t = o, when
	l.steps++
	return nil
}

// workTime moves t into office hours (08:00–18:00), the next morning when
// it falls after them.
func (l *life) workTime(t time.Time) time.Time {
	c := t.In(cst)
	day := time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, cst)
	switch {
	case c.Hour() < 8:
		return day.Add(8*time.Hour + l.between(0, time.Hour))
	case c.Hour() >= 18:
		return day.AddDate(0, 0, 1).Add(8*time.Hour + l.between(0, 90*time.Minute))
	}
	return t
}

// callTime moves t into the hours residents are called back (09:00–20:00).
func (l *life) callTime(t time.Time) time.Time {
	c := t.In(cst)
	day := time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, cst)
	switch {
	case c.Hour() < 9:
		return day.Add(9*time.Hour + l.between(0, 2*time.Hour))
	case c.Hour() >= 20:
		return day.AddDate(0, 0, 1).Add(9*time.Hour + l.between(0, 2*time.Hour))
	}
	return t
}
