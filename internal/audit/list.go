package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Filter narrows List. Zero fields do not filter. Since is inclusive, Until
// exclusive. Limit defaults to DefaultLimit and is capped at MaxLimit.
type Filter struct {
	Action  string
	ActorID int64
	Target  string
	Since   time.Time
	Until   time.Time
	Limit   int
	Offset  int
}

const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// List returns matching entries, newest first.
func List(ctx context.Context, q store.Querier, f Filter) ([]Entry, error) {
	var where []string
	var args []any
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	if f.ActorID != 0 {
		where = append(where, "actor_id = ?")
		args = append(args, f.ActorID)
	}
	if f.Target != "" {
		where = append(where, "target = ?")
		args = append(args, f.Target)
	}
	if !f.Since.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, store.Millis(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, "at < ?")
		args = append(args, store.Millis(f.Until))
	}
	query := `SELECT id, at, actor_id, actor_name, action, target, detail, ip FROM audit_log`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	args = append(args, limit, max(f.Offset, 0))

	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &actor, &e.ActorName, &e.Action, &e.Target, &e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		e.At = store.Time(at)
		e.ActorID = actor.Int64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return out, nil
}
