package care

import (
	"context"
	"slices"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/zone"
)

// LogEntry is one thing a worker did in a day, in time order.
type LogEntry struct {
	At   time.Time
	Kind string // "visit", "patrol" (an order from the worker's rounds), "report" (any other order they filed), "task" (a grid task closed)
	// For a visit: the group and member (masked name, or "" for a viewer
	// who sees counts only) and what was found.
	GroupCode string
	MemberID  int64
	Name      string
	Text      string
	// OrderNumber: the order filed (patrol, report, or from a visit).
	OrderNumber string
	Category    string
	Status      string
	GridCode    string
}

// Log is a worker's day (网格日志).
type Log struct {
	User    auth.User
	Date    string // YYYY-MM-DD, Asia/Shanghai
	Entries []LogEntry
	Visits  int
	Patrols int
	Reports int
	Tasks   int
}

// MayReadLog reports whether the actor reads other's log: their own, or
// a staff user's whose node lies in the actor's scope (the community
// reads its grid workers'; the street its communities').
func MayReadLog(a Actor, other auth.User) bool {
	if a.User.ID == other.ID {
		return true
	}
	switch a.User.Role {
	case auth.RoleCommunity, auth.RoleStreet, auth.RoleLeader, auth.RoleAdmin:
		return other.NodeCode != "" && a.Scope.CoversUser(other)
	}
	return false
}

// DayLog is userID's day: visits, orders filed (patrol finds apart) and
// grid tasks closed. Someone the actor may not read is NotFound.
func (s *Service) DayLog(ctx context.Context, a Actor, userID int64, date string) (Log, error) {
	loc := zone.Shanghai()
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return Log{}, invalid("日期应为 YYYY-MM-DD (date: YYYY-MM-DD)")
	}
	other, err := auth.GetUser(ctx, s.DB, userID)
	if err != nil || !MayReadLog(a, other) {
		return Log{}, notFound("user %d", userID)
	}
	from, to := d.UnixMilli(), d.AddDate(0, 0, 1).UnixMilli()
	lg := Log{User: other, Date: date}
	named, err := s.namedGroups(ctx, s.DB, a)
	if err != nil {
		return lg, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+visitColumns+visitFrom+` WHERE v.visitor_id = ? AND v.visited_at >= ? AND v.visited_at < ?
		ORDER BY v.visited_at`, userID, from, to)
	if err != nil {
		return lg, err
	}
	visits, err := s.scanVisits(rows)
	if err != nil {
		return lg, err
	}
	for _, v := range visits {
		e := LogEntry{At: v.VisitedAt, Kind: "visit", GroupCode: v.GroupCode, MemberID: v.MemberID, OrderNumber: v.OrderNumber, GridCode: v.GridCode}
		if named[v.GroupCode] && a.Scope.CoversRegion(v.GridCode) {
			if m, err := s.Member(ctx, a, v.MemberID); err == nil {
				e.Name, e.Text = m.Name, v.Findings
			}
		} else {
			e.MemberID = 0 // count-only viewers learn that a visit happened, not to whom
		}
		lg.Entries = append(lg.Entries, e)
		lg.Visits++
	}
	orows, err := s.DB.QueryContext(ctx, `SELECT number, channel, category_code, status, grid_code, created_at FROM orders
		WHERE created_by = ? AND created_at >= ? AND created_at < ? ORDER BY created_at`, userID, from, to)
	if err != nil {
		return lg, err
	}
	defer orows.Close()
	for orows.Next() {
		var e LogEntry
		var channel string
		var at int64
		if err := orows.Scan(&e.OrderNumber, &channel, &e.Category, &e.Status, &e.GridCode, &at); err != nil {
			return lg, err
		}
		e.At = time.UnixMilli(at)
		if channel == "patrol" {
			e.Kind = "patrol"
			lg.Patrols++
		} else {
			e.Kind = "report"
			lg.Reports++
		}
		lg.Entries = append(lg.Entries, e)
	}
	if err := orows.Close(); err != nil {
		return lg, err
	}
	trows, err := s.DB.QueryContext(ctx, `SELECT grid_code, category_code, done_note, done_at FROM grid_tasks
		WHERE done_by = ? AND done_at >= ? AND done_at < ? ORDER BY done_at`, userID, from, to)
	if err != nil {
		return lg, err
	}
	defer trows.Close()
	for trows.Next() {
		e := LogEntry{Kind: "task"}
		var at int64
		if err := trows.Scan(&e.GridCode, &e.Category, &e.Text, &at); err != nil {
			return lg, err
		}
		e.At = time.UnixMilli(at)
		lg.Entries = append(lg.Entries, e)
		lg.Tasks++
	}
	if err := trows.Err(); err != nil {
		return lg, err
	}
	sortEntries(lg.Entries)
	return lg, nil
}

func sortEntries(es []LogEntry) {
	slices.SortStableFunc(es, func(a, b LogEntry) int { return a.At.Compare(b.At) })
}

// Worker is a grid worker whose log the actor may read.
type Worker struct {
	ID   int64
	Name string
}

// Workers lists the grid workers placed on grids in the actor's scope
// (the community picks whose day to read); a grid worker gets themself.
func (s *Service) Workers(ctx context.Context, a Actor) ([]Worker, error) {
	if a.User.Role == auth.RoleGrid || a.Scope.IsZero() {
		return []Worker{{ID: a.User.ID, Name: a.User.DisplayName}}, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT u.id, COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u
		JOIN grid_members m ON m.user_id = u.id WHERE m.grid_code LIKE ? ORDER BY u.id`, a.Scope.RegionPrefix()+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Worker
	for rows.Next() {
		var w Worker
		if err := rows.Scan(&w.ID, &w.Name); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
