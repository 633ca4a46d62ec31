package order

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// Concern names a reason an overseer looks at orders (督办 candidates).
type Concern string

const (
	// ConcernOverdue: still open (deadlines running) and the resolution
	// deadline has passed.
	ConcernOverdue Concern = "overdue"
	// ConcernReturned: returned (退单) at least MinReturns times.
	ConcernReturned Concern = "returned"
	// ConcernReopened: reopened (重办) at least once.
	ConcernReopened Concern = "reopened"
	// ConcernUnsatisfied: the latest callback was 不满意.
	ConcernUnsatisfied Concern = "unsatisfied"
)

// Concerns lists every concern.
func Concerns() []Concern {
	return []Concern{ConcernOverdue, ConcernReturned, ConcernReopened, ConcernUnsatisfied}
}

// ConcernFilter selects the orders of one concern.
type ConcernFilter struct {
	Concern Concern
	// At is the time overdue is judged at; zero means now.
	At time.Time
	// MinReturns is the return count that is too many; 0 means
	// DefaultMinReturns.
	MinReturns int
	Limit      int
	Offset     int
}

// DefaultMinReturns is the default of ConcernFilter.MinReturns.
const DefaultMinReturns = 2

// ListConcern returns the orders in a's scope that raise the concern:
// overdue ones most overdue first, the others newest first. Cancelled and
// merged orders raise none.
func (s *Service) ListConcern(ctx context.Context, a Actor, f ConcernFilter) (Page, error) {
	const live = `o.status NOT IN ('cancelled','merged') AND `
	switch f.Concern {
	case ConcernOverdue:
		at := f.At
		if at.IsZero() {
			at = s.clockNow()
		}
		return s.page(ctx, a, `o.status IN ('new','pending','dispatched','processing') AND o.resolve_due_at < ?`,
			[]any{store.Millis(at)}, `o.resolve_due_at, o.id`, f.Limit, f.Offset)
	case ConcernReturned:
		n := f.MinReturns
		if n <= 0 {
			n = DefaultMinReturns
		}
		return s.page(ctx, a, live+`o.returns >= ?`, []any{n}, `o.created_at DESC, o.id DESC`, f.Limit, f.Offset)
	case ConcernReopened:
		return s.page(ctx, a, live+`o.reworks >= 1`, nil, `o.created_at DESC, o.id DESC`, f.Limit, f.Offset)
	case ConcernUnsatisfied:
		return s.page(ctx, a, live+`o.rating = 'unsatisfied'`, nil, `o.created_at DESC, o.id DESC`, f.Limit, f.Offset)
	}
	return Page{}, invalid("concern", "%q: want overdue, returned, reopened or unsatisfied", f.Concern)
}
