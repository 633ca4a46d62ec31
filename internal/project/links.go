package project

import (
	"context"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Problem kinds a resident picks on a project page (反映问题), each filed
// as an order of a catalogue category; attrs fill its required fields.
var ProblemKinds = []struct {
	Key, Name, Category string
	Attrs               map[string]string
}{
	{"noise", "施工扰民（噪音）", "construction.noise", map[string]string{"period": "day"}},
	{"dust", "施工扬尘", "construction.dust", nil},
	{"quality", "质量问题（外墙、屋面等）", "facade.falling", nil},
}

// Estate is a 小区 as the public page shows it, with the projects covering
// it that the scope sees.
type Estate struct {
	EstateRef
	Projects []Project
	Points   [][2]float64 // covered buildings' points (lng, lat)
}

// EstatePage gathers a 小区's projects; NotFound when the scope sees none.
func EstatePage(ctx context.Context, q store.Querier, scope auth.Scope, estateID int64) (Estate, error) {
	ps, err := ByEstate(ctx, q, scope, estateID)
	if err != nil {
		return Estate{}, err
	}
	if len(ps) == 0 {
		return Estate{}, notFound("小区 %d", estateID)
	}
	e := Estate{Projects: ps}
	for _, r := range ps[0].Estates {
		if r.ID == estateID {
			e.EstateRef = r
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT b.code, b.lng, b.lat FROM buildings b JOIN project_buildings pb ON pb.building_code = b.code
		WHERE pb.estate_id = ? AND b.lng IS NOT NULL ORDER BY b.code`, estateID)
	if err != nil {
		return Estate{}, err
	}
	defer rows.Close()
	var buildings []string
	for rows.Next() {
		var code string
		var pt [2]float64
		if err := rows.Scan(&code, &pt[0], &pt[1]); err != nil {
			return Estate{}, err
		}
		// Only the buildings of projects the scope sees.
		for _, p := range ps {
			if slices.Contains(p.Buildings, code) {
				e.Points = append(e.Points, pt)
				buildings = append(buildings, code)
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Estate{}, err
	}
	// Households and buildings of this 小区 over every project, once each.
	e.Buildings, e.Households = len(buildings), 0
	if len(buildings) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(buildings)), ",")
		args := make([]any, len(buildings))
		for i, b := range buildings {
			args[i] = b
		}
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM houses WHERE retired_at IS NULL AND building_code IN (`+marks+`)`, args...).Scan(&e.Households); err != nil {
			return Estate{}, err
		}
	}
	return e, nil
}

// LinkOrder records that an order was filed from a project's page about
// one of its 小区.
func LinkOrder(ctx context.Context, q store.Querier, projectID, orderID, estateID int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO project_orders (project_id, order_id, estate_id, created_at) VALUES (?, ?, ?, ?)`,
		projectID, orderID, estateID, store.Millis(now))
	return err
}

// LinkedOrder is an order filed from a project page.
type LinkedOrder struct {
	Number, Status, Category string
	ProjectID, EstateID      int64
	ReceivedAt               time.Time
}

// LinkedOrders lists the orders filed about a 小区's projects, for staff
// who see the project (never the public).
func LinkedOrders(ctx context.Context, q store.Querier, scope auth.Scope, estateID int64) ([]LinkedOrder, error) {
	if scope.IsZero() {
		return nil, nil
	}
	ps, err := ByEstate(ctx, q, scope, estateID)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT o.number, o.status, o.category_code, po.project_id, po.estate_id, o.received_at
		FROM project_orders po JOIN orders o ON o.id = po.order_id WHERE po.estate_id = ? ORDER BY o.received_at DESC`, estateID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LinkedOrder
	for rows.Next() {
		var l LinkedOrder
		var at int64
		if err := rows.Scan(&l.Number, &l.Status, &l.Category, &l.ProjectID, &l.EstateID, &at); err != nil {
			return nil, err
		}
		l.ReceivedAt = store.Time(at)
		if slices.ContainsFunc(ps, func(p Project) bool { return p.ID == l.ProjectID }) {
			out = append(out, l)
		}
	}
	return out, rows.Err()
}

// Acceptance is 验收 of a project in one 小区 with the residents'
// representatives' satisfaction.
type Acceptance struct {
	ProjectID                                      int64
	EstateID                                       int64
	AcceptedOn                                     string
	Representatives, Satisfied, Basic, Unsatisfied int
	Note                                           string
}

// SatisfiedPercent is (满意 + 基本满意) ÷ representatives.
func (a Acceptance) SatisfiedPercent() int {
	if a.Representatives == 0 {
		return 0
	}
	return (a.Satisfied + a.Basic) * 100 / a.Representatives
}

// RecordAcceptance records 验收 in a 小区: the votes must add up to the
// representatives present; once per project and 小区.
func RecordAcceptance(ctx context.Context, q store.Querier, ed grid.Editor, a Acceptance) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	p, err := head(ctx, q, ed.Scope, a.ProjectID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(p.Estates, func(e EstateRef) bool { return e.ID == a.EstateID }) {
		return invalid("小区 %d is not covered by the project — 该小区不在项目范围内", a.EstateID)
	}
	if _, err := parseDate("acceptance day (验收日期)", a.AcceptedOn); err != nil {
		return err
	}
	if a.Representatives <= 0 || a.Satisfied < 0 || a.Basic < 0 || a.Unsatisfied < 0 ||
		a.Satisfied+a.Basic+a.Unsatisfied != a.Representatives {
		return invalid("满意 %d + 基本满意 %d + 不满意 %d must add up to the %d representatives — 满意度票数合计须等于居民代表人数",
			a.Satisfied, a.Basic, a.Unsatisfied, a.Representatives)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO project_acceptances (project_id, estate_id, accepted_on, representatives, satisfied, basic, unsatisfied, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ProjectID, a.EstateID, a.AcceptedOn, a.Representatives, a.Satisfied, a.Basic, a.Unsatisfied,
		strings.TrimSpace(a.Note), store.Millis(ed.At()))
	if store.IsUniqueViolation(err) {
		return invalid("the project was already accepted in this 小区 — 该小区已验收")
	}
	return err
}

// Acceptances of a 小区's projects.
func Acceptances(ctx context.Context, q store.Querier, estateID int64) (map[int64]Acceptance, error) {
	rows, err := q.QueryContext(ctx, `SELECT project_id, estate_id, accepted_on, representatives, satisfied, basic, unsatisfied, note
		FROM project_acceptances WHERE estate_id = ?`, estateID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Acceptance{}
	for rows.Next() {
		var a Acceptance
		if err := rows.Scan(&a.ProjectID, &a.EstateID, &a.AcceptedOn, &a.Representatives, &a.Satisfied, &a.Basic, &a.Unsatisfied, &a.Note); err != nil {
			return nil, err
		}
		out[a.ProjectID] = a
	}
	return out, rows.Err()
}
