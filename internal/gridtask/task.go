package gridtask

import (
	"encoding/json"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// Task statuses.
const (
	StatusOpen = "open"
	StatusDone = "done"
)

// Errors an HTTP layer maps to status codes.
var (
	ErrNotFound     = errs.New(errs.NotFound, "gridtask: not found")                  // 404, also outside the scope
	ErrStaleVersion = errs.New(errs.Stale, "gridtask: changed by someone else")       // 409
	ErrForbidden    = errs.New(errs.Forbidden, "gridtask: not allowed for this role") // 403
	ErrInvalid      = errs.New(errs.Invalid, "gridtask: invalid input")               // 400
)

// Task is one proactive task of a grid.
type Task struct {
	ID           int64
	GridCode     string
	Category     string
	Reason       string
	SourceOrders []string
	OrderCount   int
	Status       string
	CreatedAt    time.Time
	DoneAt       time.Time
	DoneBy       int64
	DoneNote     string
	Version      int
}

const taskColumns = `id, grid_code, category_code, reason, source_orders, order_count, status, created_at, done_at,
	COALESCE(done_by, 0), done_note, version`

func scanTask(s interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var src string
	var created, done int64
	err := s.Scan(&t.ID, &t.GridCode, &t.Category, &t.Reason, &src, &t.OrderCount, &t.Status, &created, &done,
		&t.DoneBy, &t.DoneNote, &t.Version)
	if err != nil {
		return Task{}, err
	}
	if err := json.Unmarshal([]byte(src), &t.SourceOrders); err != nil {
		return Task{}, err
	}
	t.CreatedAt = store.Time(created)
	if done != 0 {
		t.DoneAt = store.Time(done)
	}
	return t, nil
}
