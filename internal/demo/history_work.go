package demo

import (
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// handling is what will go wrong, or up the ladder, while an order is
// worked, decided once when it enters handling.
type handling struct {
	detour    string // "", "return" (退单) or "redispatch" (改派)
	detoured  bool
	escalate  int // rungs the handlers pass it up (grid → street → centre)
	escalated int
	stuck     bool // nobody resolves it: overdue at the end
	late      bool // resolved after the deadline
}

func (l *life) plan() handling {
	var h handling
	level := l.o.Level
	if l.o.Status == order.StatusPending {
		level = l.next.level
	}
	patrol := l.spec.input.Channel == order.ChannelPatrol
	if _, ok := detours[l.o.Category]; ok && level == category.LevelDepartment && l.chance(detourShare) {
		h.detour = "return"
		if l.chance(.3) {
			h.detour = "redispatch"
		}
	}
	if e, ok := escalationFor(l.o.Category, l.o.Attributes); ok && !patrol && l.chance(e.share) {
		switch level {
		case category.LevelGrid:
			h.escalate = 1
			if l.chance(secondEscalations) {
				h.escalate = 2
			}
		case category.LevelStreet:
			h.escalate = 1
		}
	}
	trouble := 1.0
	if h.detour != "" || h.escalate > 0 {
		trouble = 3
	}
	// Only the last weeks' orders may still be stuck at the end, and never
	// an urgent one: a well-run district has a tail of recent trouble, not
	// a gas leak overdue for months.
	recent := l.end.Sub(l.spec.received) < stuckWindow
	h.stuck = recent && l.o.Urgency == category.UrgencyNormal && l.chance(stuckRecentShare*trouble)
	h.late = l.chance(lateShare * trouble)
	return h
}

// work handles an open order until it is closed or the history ends:
// dispatch, sign, maybe return or escalate, resolve, call back, and for
// an unsatisfied resident reopen and go round again.
func (l *life) work() error {
	if !l.o.Status.Open() {
		return nil
	}
	patrol := l.spec.input.Channel == order.ChannelPatrol
	h := l.plan()
	for round := 0; ; round++ {
		if err := l.handle(&h); err != nil {
			return err
		}
		if h.stuck {
			return l.replyBy(l.end)
		}
		late := h.late
		if round > 0 {
			late = l.chance(.12)
		}
		at := l.resolveTime(late, patrol)
		if !l.replyAt.IsZero() && l.replyAt.After(at) {
			l.replyAt = at // no one resolves before the first contact
		}
		handler, err := l.handler()
		if err != nil {
			return err
		}
		note := l.doneNote(patrol)
		if err := l.do(at, "resolve", func(v int) (order.Order, error) {
			return l.svc.Resolve(l.ctx, handler, l.o.Number, v, note, nil)
		}); err != nil {
			return err
		}
		if patrol {
			return nil // a patrol find closes when resolved: no one to call back
		}

		caller := l.staff.operator(l.rng)
		if l.chance(chiefCallbacks) {
			caller = l.staff.dispatcher(l.rng)
		}
		rating, note := l.rating(round, late)
		if err := l.do(l.callTime(l.t.Add(l.between(time.Hour, 26*time.Hour))), "callback", func(v int) (order.Order, error) {
			return l.svc.Callback(l.ctx, caller, l.o.Number, v, rating, note)
		}); err != nil {
			return err
		}
		if rating != order.RatingUnsatisfied {
			return nil
		}
		if round == 0 && l.chance(reopenShare) {
			d := l.staff.dispatcher(l.rng)
			if err := l.do(l.workTime(l.t.Add(l.between(time.Hour, 20*time.Hour))), "reopen", func(v int) (order.Order, error) {
				return l.svc.Reopen(l.ctx, d, l.o.Number, v, pick(l.rng, reopenReasons))
			}); err != nil {
				return err
			}
			h = handling{}
			continue
		}
		// Not reopened: the handler explains, the centre calls again.
		return l.do(l.callTime(l.t.Add(l.between(20*time.Hour, 60*time.Hour))), "callback", func(v int) (order.Order, error) {
			return l.svc.Callback(l.ctx, caller, l.o.Number, v, order.RatingBasic, pick(l.rng, explainedNotes))
		})
	}
}

// handle moves the order until its handler has signed and is ready to
// resolve: dispatches from the centre, detours and escalations on the way.
func (l *life) handle(h *handling) error {
	for {
		switch l.o.Status {
		case order.StatusPending:
			t, d := l.next, l.staff.dispatcher(l.rng)
			if err := l.do(l.t.Add(l.between(10*time.Minute, 50*time.Minute)), "dispatch", func(v int) (order.Order, error) {
				return l.svc.Dispatch(l.ctx, d, l.o.Number, v, order.Target{Level: t.level, Code: t.code}, pick(l.rng, dispatchNotes))
			}); err != nil {
				return err
			}
		case order.StatusDispatched:
			if h.detour == "redispatch" && !h.detoured && l.o.Level == category.LevelDepartment {
				h.detoured, l.moved = true, true
				t, d := detours[l.o.Category], l.staff.dispatcher(l.rng)
				if err := l.do(l.t.Add(l.between(15*time.Minute, 90*time.Minute)), "redispatch", func(v int) (order.Order, error) {
					return l.svc.Redispatch(l.ctx, d, l.o.Number, v, order.Target{Level: t.level, Code: t.code}, "经核实，"+t.why)
				}); err != nil {
					return err
				}
				continue
			}
			handler, err := l.handler()
			if err != nil {
				return err
			}
			if err := l.do(l.signTime(), "sign", func(v int) (order.Order, error) {
				return l.svc.Sign(l.ctx, handler, l.o.Number, v)
			}); err != nil {
				return err
			}
		case order.StatusProcessing:
			handler, err := l.handler()
			if err != nil {
				return err
			}
			if h.detour == "return" && !h.detoured && l.o.Level == category.LevelDepartment {
				h.detoured, l.moved = true, true
				t := detours[l.o.Category]
				l.next = t
				if err := l.do(l.workTime(l.t.Add(l.between(time.Hour, 8*time.Hour))), "return", func(v int) (order.Order, error) {
					return l.svc.Return(l.ctx, handler, l.o.Number, v, t.why)
				}); err != nil {
					return err
				}
				continue
			}
			e, _ := escalationFor(l.o.Category, l.o.Attributes)
			why := e.gridWhy
			if l.o.Level == category.LevelStreet {
				why = e.streetWhy
			}
			if h.escalated < h.escalate && why != "" && (l.o.Level == category.LevelGrid || l.o.Level == category.LevelStreet) {
				h.escalated, l.moved = h.escalated+1, true
				l.next = detour{level: category.LevelDepartment, code: e.department}
				if err := l.do(l.workTime(l.t.Add(l.between(2*time.Hour, 30*time.Hour))), "escalate", func(v int) (order.Order, error) {
					return l.svc.Escalate(l.ctx, handler, l.o.Number, v, why)
				}); err != nil {
					return err
				}
				continue
			}
			return nil
		default:
			return nil
		}
	}
}

func (l *life) handler() (order.Actor, error) {
	a, ok := l.staff.handler(l.o, l.rng)
	if !ok {
		return a, fmt.Errorf("demo: no history staff for order %s at %s %s", l.o.Number, l.o.Level, l.o.HandlerCode)
	}
	return a, nil
}

// signTime: emergencies and patrol finds at once, the rest within office
// hours.
func (l *life) signTime() time.Time {
	switch {
	case l.o.Urgency == category.UrgencyEmergency:
		return l.t.Add(l.between(2*time.Minute, 8*time.Minute))
	case l.spec.input.Channel == order.ChannelPatrol:
		return l.t.Add(l.between(time.Minute, 10*time.Minute))
	}
	return l.workTime(l.t.Add(l.between(10*time.Minute, 2*time.Hour)))
}

// resolveTime plans the resolution inside what is left of the deadline,
// or after it when late.
func (l *life) resolveTime(late, patrol bool) time.Time {
	due := l.o.ResolveDueAt
	window := max(due.Sub(l.t), 0)
	frac := func(lo, hi float64) time.Duration {
		return time.Duration(float64(window) * (lo + (hi-lo)*l.rng.Float64()))
	}
	switch {
	case l.o.Urgency == category.UrgencyEmergency && late:
		return due.Add(l.between(30*time.Minute, 3*time.Hour))
	case l.o.Urgency == category.UrgencyEmergency:
		return l.t.Add(frac(.25, .85))
	case late:
		return l.workTime(due.Add(l.between(3*time.Hour, 96*time.Hour)))
	case patrol && l.o.Level == category.LevelGrid:
		return l.workTime(l.t.Add(l.between(30*time.Minute, 6*time.Hour)))
	}
	return l.workTime(l.t.Add(frac(.1, .75)))
}

// rating is the resident's answer at a callback: about 85 % 满意, 10 %
// 基本满意, 5 % 不满意 the first time (worse when late); better after a
// reopen. (A patrol find has no caller and closes when resolved.)
func (l *life) rating(round int, late bool) (order.Rating, string) {
	x := l.rng.Float64()
	satisfied, basic := .865, .09
	switch {
	case round > 0:
		satisfied, basic = .6, .3
	case late:
		satisfied, basic = .7, .17
	}
	switch {
	case x < satisfied:
		return order.RatingSatisfied, pick(l.rng, satisfiedNotes)
	case x < satisfied+basic:
		return order.RatingBasic, pick(l.rng, basicNotes)
	}
	return order.RatingUnsatisfied, pick(l.rng, unsatisfiedNotes)
}

// doneNote is the resolution note: the category's own when its usual
// handler resolves it, else the level's.
func (l *life) doneNote(patrol bool) string {
	switch ns, ok := doneNotes[l.o.Category]; {
	case patrol && l.o.Level == category.LevelGrid:
		return pick(l.rng, patrolDone)
	case ok && !l.moved:
		return pick(l.rng, ns)
	}
	return pick(l.rng, doneByLevel[l.o.Level])
}
