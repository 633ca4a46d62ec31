package supervision

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Reason is why a case was opened: one of the candidate kinds, or other
// (a leader's instruction, a media report …).
type Reason string

const (
	ReasonOverdue     Reason = "overdue"     // 超期未办结
	ReasonReturned    Reason = "returned"    // 多次退单
	ReasonReopened    Reason = "reopened"    // 重办
	ReasonUnsatisfied Reason = "unsatisfied" // 不满意
	ReasonOther       Reason = "other"       // 其他
)

// Reasons lists the candidate kinds (not other).
func Reasons() []Reason {
	return []Reason{ReasonOverdue, ReasonReturned, ReasonReopened, ReasonUnsatisfied}
}

// Status is where a case stands.
type Status string

const (
	StatusOpen     Status = "open"     // 督办中: waiting for the handler's answer
	StatusAnswered Status = "answered" // 已反馈: waiting for the supervisor
	StatusClosed   Status = "closed"   // 已办结
)

// Case is one supervision case (督办件) on an order.
type Case struct {
	ID     int64
	Number string // the order
	Reason Reason
	Status Status
	Demand string // what the supervisor demands (督办要求)
	DueAt  time.Time
	// Level and Handler are the order's handler when the case was opened.
	Level          string
	Handler        string
	OpenedBy       string
	OpenedAt       time.Time
	Answer         string
	AnsweredBy     string
	AnsweredAt     time.Time
	Outcome        string
	ClosedBy       string
	ClosedAt       time.Time
	Accountability []Accountability
	Version        int
	UpdatedAt      time.Time
	orderID        int64
}

// Overdue reports whether the case still awaits its answer at now though
// its due date has passed.
func (c Case) Overdue(now time.Time) bool { return c.Status == StatusOpen && now.After(c.DueAt) }

const caseColumns = `c.id, c.order_number, c.reason, c.status, c.demand, c.due_at, c.handler_level, c.handler_code,
	c.opened_by_name, c.opened_at, c.answer, c.answered_by_name, c.answered_at, c.outcome, c.closed_by_name, c.closed_at,
	c.version, c.updated_at, c.order_id`

type scanner interface{ Scan(dest ...any) error }

func scanCase(sc scanner) (Case, error) {
	var c Case
	var due, opened, answered, closed, updated int64
	err := sc.Scan(&c.ID, &c.Number, &c.Reason, &c.Status, &c.Demand, &due, &c.Level, &c.Handler, &c.OpenedBy, &opened,
		&c.Answer, &c.AnsweredBy, &answered, &c.Outcome, &c.ClosedBy, &closed, &c.Version, &updated, &c.orderID)
	c.DueAt, c.OpenedAt, c.AnsweredAt = store.Time(due), store.Time(opened), store.Time(answered)
	c.ClosedAt, c.UpdatedAt = store.Time(closed), store.Time(updated)
	return c, err
}

// loadCase reads case id with its accountability, or ErrNotFound.
func loadCase(ctx context.Context, q store.Querier, id int64) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM supervision_cases c WHERE c.id = ?`, id))
	if isNoRows(err) {
		return Case{}, caseNotFound(id)
	}
	if err != nil {
		return Case{}, fmt.Errorf("supervision: case %d: %w", id, err)
	}
	if c.Accountability, err = accountability(ctx, q, id); err != nil {
		return Case{}, err
	}
	return c, nil
}
