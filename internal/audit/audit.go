// Package audit keeps the append-only audit log: sign-ins, failures and
// every administrative change. There is deliberately no update or delete.
package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// Entry is one audit row. ActorID 0 means no user (anonymous or the command
// line); Target names what was acted on, e.g. "user:zhangsan".
type Entry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string
	Target    string
	Detail    string
	IP        string
}

// ErrNoAction is returned by Record for an entry without an action.
var ErrNoAction = errors.New("audit: entry has no action")

// Field limits: an audit write must never fail the change it records
// because a detail is long, so long text is cut instead of rejected.
const (
	maxShort  = 200
	maxDetail = 4000
)

// Record appends e. Pass the transaction of the change being recorded so
// that the audit row lands, or rolls back, together with it. A zero At is
// stamped with the current time.
func Record(ctx context.Context, q store.Querier, e Entry) error {
	if strings.TrimSpace(e.Action) == "" {
		return ErrNoAction
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	actor := sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		store.Millis(e.At), actor, cut(e.ActorName, maxShort), cut(e.Action, maxShort),
		cut(e.Target, maxShort), cut(e.Detail, maxDetail), cut(e.IP, maxShort))
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// cut shortens s to at most n runes without splitting a character.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
