package order

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Summons (吹哨报到): a community or street office blows the whistle on an
// order in its area and calls one or more departments to it; each must
// report in (报到) by ReportBy. By default departments have
// Policy.SummonsWithin (24 h), or Policy.SummonsWithinEmergency (30 min)
// for an emergency order. Late and missing report-ins stay visible
// (OverdueSummons) and are counted (ReportInCounts).
type Summons struct {
	ID     int64
	Number string // the order
	// Category, Address and Description tell a summoned department what
	// and where, though it does not handle the order.
	Category     string
	Address      string
	Description  string
	SummonerName string
	SummonerRole string
	Note         string
	ReportBy     time.Time
	CreatedAt    time.Time
	Departments  []SummonedDepartment
}

// SummonedDepartment is one department called by a summons.
type SummonedDepartment struct {
	Department   string
	ReportedAt   time.Time // zero until it reports in
	ReporterName string
	Note         string
}

// Late reports whether the department reported in after the summons'
// time, or has not and that time has passed at now.
func (s Summons) Late(d SummonedDepartment, now time.Time) bool {
	if d.ReportedAt.IsZero() {
		return now.After(s.ReportBy)
	}
	return d.ReportedAt.After(s.ReportBy)
}

// SummonsInput is a whistle blown on an order.
type SummonsInput struct {
	Departments []string
	// ReportBy is when the departments must report in; zero means the
	// policy's default from now.
	ReportBy time.Time
	Note     string // what they are called for; required
}

const (
	maxSummoned      = 10
	maxSummonsAdvice = 30 * 24 * time.Hour
)

// Summon (吹哨) calls departments to an order located in a's area; only
// community and street staff may, while the order is pending or being
// handled.
func (s *Service) Summon(ctx context.Context, a Actor, number string, version int, in SummonsInput) (Order, Summons, error) {
	note, err := cleanNote("note", in.Note, true)
	if err != nil {
		return Order{}, Summons{}, err
	}
	if len(in.Departments) == 0 || len(in.Departments) > maxSummoned {
		return Order{}, Summons{}, invalid("departments", "name 1 to %d departments", maxSummoned)
	}
	var sm Summons
	o, err := s.act(ctx, a, number, version, ActionSummon, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		depts, err := summonedDepartments(ctx, tx, a, in.Departments)
		if err != nil {
			return err
		}
		reportBy, err := s.reportBy(o, in.ReportBy, st.now)
		if err != nil {
			return err
		}
		id, err := insertReturningID(ctx, tx, `INSERT INTO order_summons (order_id, summoned_by, summoner_name, summoner_role,
			note, report_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			o.ID, nullID(a.UserID), a.Name, a.Role, note, store.Millis(reportBy), store.Millis(st.now))
		if err != nil {
			return err
		}
		for _, d := range depts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_summons_departments (summons_id, department_code, report_by)
				VALUES (?, ?, ?)`, id, d, store.Millis(reportBy)); err != nil {
				return fmt.Errorf("order: summon %s: %w", d, err)
			}
		}
		st.note = note
		st.data = map[string]any{"summons": id, "departments": depts, "report_by": rfc3339(reportBy)}
		sm = Summons{ID: id, Number: o.Number, Category: o.Category, Address: o.Address, Description: o.Description,
			SummonerName: a.Name, SummonerRole: a.Role, Note: note, ReportBy: reportBy, CreatedAt: st.now}
		for _, d := range depts {
			sm.Departments = append(sm.Departments, SummonedDepartment{Department: d})
		}
		return nil
	})
	if err != nil {
		return Order{}, Summons{}, err
	}
	return o, sm, nil
}

func summonedDepartments(ctx context.Context, q store.Querier, a Actor, codes []string) ([]string, error) {
	var out []string
	for i, c := range codes {
		c = strings.TrimSpace(c)
		field := fmt.Sprintf("departments[%d]", i)
		if slices.Contains(out, c) {
			return nil, invalid(field, "%q is named twice", c)
		}
		if err := checkDepartment(ctx, q, a, field, c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// reportBy is the report-in time: given, or the policy's default.
func (s *Service) reportBy(o *Order, given, now time.Time) (time.Time, error) {
	if given.IsZero() {
		if o.Urgency == category.UrgencyEmergency {
			return now.Add(s.policy.SummonsWithinEmergency), nil
		}
		return now.Add(s.policy.SummonsWithin), nil
	}
	given = store.Time(store.Millis(given))
	if !given.After(now) || given.Sub(now) > maxSummonsAdvice {
		return time.Time{}, invalid("report_by", "must be later than now and within %d days", int(maxSummonsAdvice/(24*time.Hour)))
	}
	return given, nil
}

// ReportIn (报到): a summoned department reports in on summons id, with
// a note (who came, what it will do). Each department reports once; a
// department the summons does not name gets ErrNotFound.
func (s *Service) ReportIn(ctx context.Context, a Actor, summonsID int64, note string) (Summons, error) {
	note, err := cleanNote("note", note, true)
	if err != nil {
		return Summons{}, err
	}
	te := &TransitionError{Action: ActionReportIn, Role: a.Role}
	if a.Role != auth.RoleDepartment || a.Scope.DepartmentCode() == "" {
		te.forbidden, te.Msg = true, "only a summoned department reports in"
		return Summons{}, te
	}
	dept := a.Scope.DepartmentCode()
	var out Summons
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		sm, orderID, err := loadSummons(ctx, tx, summonsID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sm.Departments, func(d SummonedDepartment) bool { return d.Department == dept })
		if i < 0 {
			return fmt.Errorf("summons %d: %w", summonsID, ErrNotFound)
		}
		now := s.clockNow()
		res, err := tx.ExecContext(ctx, `UPDATE order_summons_departments SET reported_at = ?, reported_by = ?, reporter_name = ?,
			note = ? WHERE summons_id = ? AND department_code = ? AND reported_at = 0`,
			store.Millis(now), nullID(a.UserID), a.Name, note, summonsID, dept)
		if err != nil {
			return fmt.Errorf("order: report in: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			te.Number, te.Msg = sm.Number, fmt.Sprintf("department %s reported in on summons %d already", dept, summonsID)
			return te
		}
		sm.Departments[i] = SummonedDepartment{Department: dept, ReportedAt: now, ReporterName: a.Name, Note: note}
		o, err := loadByID(ctx, tx, orderID)
		if err != nil {
			return err
		}
		ev := actorEvent(a, ActionReportIn, o.Status, o.Status, note,
			map[string]any{"summons": summonsID, "department": dept, "late": sm.Late(sm.Departments[i], now)})
		if _, err := s.appendEvent(ctx, tx, &o, ev); err != nil {
			return err
		}
		out = sm
		return nil
	})
	return out, err
}
