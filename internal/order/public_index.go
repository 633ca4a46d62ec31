package order

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// IntegrationActor is an integration without a user behind it (an Open311
// client's API key): it sees the orders located under area (a region or
// grid code) and nothing else. Its role is not a staff role, so it passes
// no lifecycle rule and never sees a confidential order's reporter; the
// timeline records it as a resident.
func IntegrationActor(name, ip, area string) Actor {
	return Actor{Name: name, Role: roleResident, Scope: auth.ScopeOf(auth.User{NodeCode: area}, ""), IP: ip}
}

// PublicQuery selects orders for a public index (Open311 GET requests):
// those located under Area that are not confidential, received within
// [From, To], in any of Categories and Statuses when given.
type PublicQuery struct {
	Area          string
	From, To      time.Time
	Categories    []string
	Statuses      []Status
	Limit, Offset int
}

// publicWhere is the term every public index shares: located under area
// (by grid, or by community for orders known only by their community —
// the rule of List) and not confidential.
func publicWhere(area string) (string, []any) {
	return `NOT o.confidential AND (o.grid_code LIKE ? OR (o.grid_code = '' AND o.community_code LIKE ?))`,
		[]any{area + "%", area + "%"}
}

// PublicNumbers returns the numbers of the orders matching q, newest
// receipt first. Callers read each order through Get with their actor, so
// scope and masking stay the engine's.
func (s *Service) PublicNumbers(ctx context.Context, q PublicQuery) ([]string, error) {
	where, args := publicWhere(q.Area)
	where += ` AND o.received_at >= ? AND o.received_at <= ?`
	args = append(args, store.Millis(q.From), store.Millis(q.To))
	if len(q.Categories) > 0 {
		where += ` AND o.category_code IN (` + marks(len(q.Categories)) + `)`
		for _, c := range q.Categories {
			args = append(args, c)
		}
	}
	if len(q.Statuses) > 0 {
		where += ` AND o.status IN (` + marks(len(q.Statuses)) + `)`
		for _, st := range q.Statuses {
			args = append(args, string(st))
		}
	}
	out, err := store.Strings(s.db.QueryContext(ctx, `SELECT o.number FROM orders o WHERE `+where+
		` ORDER BY o.received_at DESC, o.id DESC LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...))
	if err != nil {
		return nil, fmt.Errorf("order: public index: %w", err)
	}
	return out, nil
}

// EventRef names one timeline event.
type EventRef struct {
	Number string
	Seq    int
}

// PublicUpdates returns the events between from and to that a public feed
// of updates shows (Open311 servicerequestupdates): public steps other
// than the filing itself, and merges (not public, but they end a request
// as a duplicate), oldest first, of orders located under area.
func (s *Service) PublicUpdates(ctx context.Context, area string, from, to time.Time, limit, offset int) ([]EventRef, error) {
	where, args := publicWhere(area)
	rows, err := s.db.QueryContext(ctx, `SELECT o.number, e.seq FROM order_events e JOIN orders o ON o.id = e.order_id
		WHERE e.at >= ? AND e.at <= ? AND (e.public OR e.action = ?) AND e.action <> ? AND `+where+`
		ORDER BY e.at, e.order_id, e.seq LIMIT ? OFFSET ?`,
		append(append([]any{store.Millis(from), store.Millis(to), string(ActionMerge), string(ActionCreate)}, args...), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("order: public updates: %w", err)
	}
	defer rows.Close()
	var out []EventRef
	for rows.Next() {
		var r EventRef
		if err := rows.Scan(&r.Number, &r.Seq); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// EventRoleResident is the Event.ActorRole of steps taken by residents
// and integrations.
const EventRoleResident = roleResident

// EventRoleSystem is the Event.ActorRole of steps the system took (the
// sweeper's warnings and escalations); a page names the actor in its own
// language.
const EventRoleSystem = roleSystem
