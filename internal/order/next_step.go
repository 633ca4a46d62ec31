package order

import (
	"slices"

	"civicgrid/internal/category"
)

// LikelyNext picks, from the actions a user may take on o now (as
// AvailableActions lists them), the step the order most likely waits for
// from them, so a page can show that form first and fold the others: a
// pending extension or suspension request to decide, a summons to report
// in to, then by status — accept a new order, dispatch (or answer a
// consultation) at the centre, sign what was dispatched, resolve what is
// in hand, resume a suspension, and for a resolved order the callback, or
// the reopening when the resident was unsatisfied. "" when acts is empty.
func LikelyNext(o Order, acts []Action) Action {
	if len(acts) == 0 {
		return ""
	}
	prefer := []Action{ActionExtensionApprove, ActionSuspensionApprove, ActionReportIn}
	switch o.Status {
	case StatusNew:
		prefer = append(prefer, ActionAccept, ActionAnswer)
	case StatusPending:
		if o.Kind == category.KindConsult {
			prefer = append(prefer, ActionAnswer)
		}
		prefer = append(prefer, ActionDispatch)
	case StatusDispatched:
		prefer = append(prefer, ActionSign, ActionCoSign)
	case StatusProcessing:
		prefer = append(prefer, ActionResolve, ActionCoReply)
	case StatusSuspended:
		prefer = append(prefer, ActionResume)
	case StatusResolved:
		if o.AwaitsRework() {
			prefer = append(prefer, ActionReopen)
		}
		prefer = append(prefer, ActionCallback)
	}
	for _, p := range prefer {
		if slices.Contains(acts, p) {
			return p
		}
	}
	return acts[0]
}

// NextFirst returns acts with LikelyNext(o, acts) moved to the front, the
// others in their order.
func NextFirst(o Order, acts []Action) []Action {
	next := LikelyNext(o, acts)
	out := make([]Action, 0, len(acts))
	if next != "" {
		out = append(out, next)
	}
	for _, a := range acts {
		if a != next {
			out = append(out, a)
		}
	}
	return out
}
