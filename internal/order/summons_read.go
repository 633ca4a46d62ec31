package order

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

const summonsColumns = `s.id, o.number, o.category_code, o.address, o.description, s.summoner_name, s.summoner_role,
	s.note, s.report_by, s.created_at, s.order_id`

func scanSummons(sc scanner) (Summons, int64, error) {
	var sm Summons
	var reportBy, created, orderID int64
	err := sc.Scan(&sm.ID, &sm.Number, &sm.Category, &sm.Address, &sm.Description, &sm.SummonerName, &sm.SummonerRole,
		&sm.Note, &reportBy, &created, &orderID)
	sm.ReportBy, sm.CreatedAt = store.Time(reportBy), store.Time(created)
	return sm, orderID, err
}

// loadSummons reads summons id with its departments, or ErrNotFound.
func loadSummons(ctx context.Context, q store.Querier, id int64) (Summons, int64, error) {
	sm, orderID, err := scanSummons(q.QueryRowContext(ctx, `SELECT `+summonsColumns+`
		FROM order_summons s JOIN orders o ON o.id = s.order_id WHERE s.id = ?`, id))
	if isNoRows(err) {
		return Summons{}, 0, fmt.Errorf("summons %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Summons{}, 0, fmt.Errorf("order: summons %d: %w", id, err)
	}
	if err := summonedRows(ctx, q, &sm); err != nil {
		return Summons{}, 0, err
	}
	return sm, orderID, nil
}

func summonedRows(ctx context.Context, q store.Querier, sm *Summons) error {
	rows, err := q.QueryContext(ctx, `SELECT department_code, reported_at, reporter_name, note
		FROM order_summons_departments WHERE summons_id = ? ORDER BY department_code`, sm.ID)
	if err != nil {
		return fmt.Errorf("order: summoned departments: %w", err)
	}
	defer rows.Close()
	sm.Departments = []SummonedDepartment{}
	for rows.Next() {
		var d SummonedDepartment
		var at int64
		if err := rows.Scan(&d.Department, &at, &d.ReporterName, &d.Note); err != nil {
			return err
		}
		d.ReportedAt = store.Time(at)
		sm.Departments = append(sm.Departments, d)
	}
	return rows.Err()
}

// SummonsOf lists the summons blown on an order a may see, oldest first.
func (s *Service) SummonsOf(ctx context.Context, a Actor, number string) ([]Summons, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return nil, err
	}
	return s.summonsWhere(ctx, `s.order_id = ?`, []any{o.ID})
}

// GetSummons returns summons id if a may see it: a department it names,
// or a node user whose area holds the order.
func (s *Service) GetSummons(ctx context.Context, a Actor, id int64) (Summons, error) {
	cond, args := summonsScope(a)
	if cond == "" {
		return Summons{}, fmt.Errorf("summons %d: %w", id, ErrNotFound)
	}
	list, err := s.summonsWhere(ctx, cond+` AND s.id = ?`, append(args, id))
	if err != nil {
		return Summons{}, err
	}
	if len(list) == 0 {
		return Summons{}, fmt.Errorf("summons %d: %w", id, ErrNotFound)
	}
	return list[0], nil
}

// OverdueSummons lists the summons in a's scope with a department that
// has not reported in by the summons' time, at now: for a department
// user, those naming it and still awaiting its own report-in.
func (s *Service) OverdueSummons(ctx context.Context, a Actor) ([]Summons, error) {
	cond, args := summonsScope(a)
	if cond == "" {
		return []Summons{}, nil
	}
	waiting := `EXISTS (SELECT 1 FROM order_summons_departments w WHERE w.summons_id = s.id AND w.reported_at = 0 AND w.report_by < ?`
	args = append(args, store.Millis(s.clockNow()))
	if dept := a.Scope.DepartmentCode(); a.Role == auth.RoleDepartment {
		waiting += ` AND w.department_code = ?`
		args = append(args, dept)
	}
	return s.summonsWhere(ctx, cond+` AND `+waiting+`)`, args)
}

// summonsScope is the WHERE term for the summons a may see.
func summonsScope(a Actor) (string, []any) {
	switch a.Role {
	case "", auth.RoleBuilding:
		return "", nil
	case auth.RoleDepartment:
		dept := a.Scope.DepartmentCode()
		if dept == "" {
			return "", nil
		}
		return `EXISTS (SELECT 1 FROM order_summons_departments m WHERE m.summons_id = s.id AND m.department_code = ?)`, []any{dept}
	default:
		prefix := a.Scope.RegionPrefix()
		if prefix == "" {
			return "", nil
		}
		cond, args := locationPrefix(prefix)
		return cond, args
	}
}

const maxSummonsList = 500

func (s *Service) summonsWhere(ctx context.Context, cond string, args []any) ([]Summons, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summonsColumns+` FROM order_summons s JOIN orders o ON o.id = s.order_id
		WHERE `+cond+` ORDER BY s.report_by, s.id LIMIT ?`, append(args, maxSummonsList)...)
	if err != nil {
		return nil, fmt.Errorf("order: summons: %w", err)
	}
	var out []Summons
	for rows.Next() {
		sm, _, err := scanSummons(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sm)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := summonedRows(ctx, s.db, &out[i]); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []Summons{}
	}
	return out, nil
}

// ReportInCount is how one department answered the summons of a period.
type ReportInCount struct {
	Department string
	Summoned   int // summons naming it
	OnTime     int // reported in by the summons' time
	Late       int // reported in after it
	Missing    int // not reported in, and the time has passed
	Waiting    int // not reported in, time still running
}

// ReportInCounts counts, per department, the report-ins of the summons
// blown in [from, to) on orders in a's scope (a department user sees its
// own line only), at now.
func (s *Service) ReportInCounts(ctx context.Context, a Actor, from, to time.Time) ([]ReportInCount, error) {
	cond, args := summonsScope(a)
	if cond == "" {
		return []ReportInCount{}, nil
	}
	if !from.Before(to) {
		return nil, invalid("to", "must be after from")
	}
	now := store.Millis(s.clockNow())
	query := `SELECT d.department_code, COUNT(*),
		SUM(CASE WHEN d.reported_at > 0 AND d.reported_at <= d.report_by THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.reported_at > d.report_by THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.reported_at = 0 AND d.report_by < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.reported_at = 0 AND d.report_by >= ? THEN 1 ELSE 0 END)
		FROM order_summons_departments d JOIN order_summons s ON s.id = d.summons_id JOIN orders o ON o.id = s.order_id
		WHERE ` + cond + ` AND s.created_at >= ? AND s.created_at < ?`
	qargs := append([]any{now, now}, args...)
	qargs = append(qargs, store.Millis(from), store.Millis(to))
	if a.Role == auth.RoleDepartment {
		query += ` AND d.department_code = ?`
		qargs = append(qargs, a.Scope.DepartmentCode())
	}
	rows, err := s.db.QueryContext(ctx, query+` GROUP BY d.department_code ORDER BY d.department_code`, qargs...)
	if err != nil {
		return nil, fmt.Errorf("order: report-in counts: %w", err)
	}
	defer rows.Close()
	out := []ReportInCount{}
	for rows.Next() {
		var c ReportInCount
		if err := rows.Scan(&c.Department, &c.Summoned, &c.OnTime, &c.Late, &c.Missing, &c.Waiting); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
