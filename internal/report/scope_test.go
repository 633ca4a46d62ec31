package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestScope: a viewer measures only inside their scope; a street's
// figures hold none of another street's orders; department users get
// their own department.
func TestScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		week := report.Query{From: from, To: to}
		at := func(node string) report.Query { q := week; q.Node = node; return q }

		// Street 1's own view defaults to its node and excludes street 2.
		s1 := nodeScope(auth.RoleStreet, street1)
		m := must[report.Measures](t)(rep.Measures(ctx, s1, week))
		if m.Node != street1 || m.Rates.Received != 11 {
			t.Errorf("street 1 viewer: node %s received %d, want %s and 11", m.Node, m.Rates.Received, street1)
		}
		s2 := must[report.Measures](t)(rep.Measures(ctx, leader, at(street2)))
		if s2.Rates.Received != 2 {
			t.Errorf("street 2 received %d, want 2", s2.Rates.Received)
		}
		// …and may look down (a grid) but not up or sideways.
		if g := must[report.Measures](t)(rep.Measures(ctx, s1, at(gridB))); g.Rates.Received != 3 {
			t.Errorf("grid B received %d, want 3", g.Rates.Received)
		}
		for _, node := range []string{street2, district, gridC, city} {
			if _, err := rep.Measures(ctx, s1, at(node)); !errors.Is(err, report.ErrNotFound) {
				t.Errorf("street 1 viewer on %s: %v, want ErrNotFound", node, err)
			}
		}
		if _, err := rep.Rank(ctx, s1, at(district), report.ByStreet); !errors.Is(err, report.ErrNotFound) {
			t.Errorf("street 1 viewer ranking the district: %v, want ErrNotFound", err)
		}

		// A department user: own department across its region (o1 o2 o6),
		// never another's, and no rankings.
		cg := deptScope("chengguan", district)
		dm := must[report.Measures](t)(rep.Measures(ctx, cg, week))
		if dm.Node != district || dm.Department != "chengguan" || dm.Rates.Received != 3 {
			t.Errorf("chengguan viewer: %s/%s received %d, want %s/chengguan and 3", dm.Node, dm.Department, dm.Rates.Received, district)
		}
		q := week
		q.Department = "shuiwu"
		if _, err := rep.Measures(ctx, cg, q); !errors.Is(err, report.ErrNotFound) {
			t.Errorf("chengguan asking for shuiwu: %v, want ErrNotFound", err)
		}
		if _, err := rep.Rank(ctx, cg, at(district), report.ByDepartment); !errors.Is(err, report.ErrForbidden) {
			t.Errorf("department user ranking: %v, want ErrForbidden", err)
		}
		if _, err := rep.Measures(ctx, auth.Scope{}, week); !errors.Is(err, report.ErrForbidden) {
			t.Errorf("empty scope: %v, want ErrForbidden", err)
		}
	})
}

// TestBadQueries: each gets a clear error of the right kind.
func TestBadQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		week := report.Query{Node: street1, From: from, To: to}
		with := func(f func(q *report.Query)) report.Query { q := week; f(&q); return q }
		cases := []struct {
			name  string
			q     report.Query
			field string
			want  error
		}{
			{"no from", with(func(q *report.Query) { q.From = time.Time{} }), "from", report.ErrInvalid},
			{"no to", with(func(q *report.Query) { q.To = time.Time{} }), "to", report.ErrInvalid},
			{"to before from", with(func(q *report.Query) { q.From, q.To = q.To, q.From }), "to", report.ErrInvalid},
			{"empty period", with(func(q *report.Query) { q.To = q.From }), "to", report.ErrInvalid},
			{"eleven years", with(func(q *report.Query) { q.To = q.From.AddDate(11, 0, 0) }), "to", report.ErrInvalid},
			{"malformed node", with(func(q *report.Query) { q.Node = "21050x" }), "node", report.ErrInvalid},
			{"node of 7 digits", with(func(q *report.Query) { q.Node = "2105040" }), "node", report.ErrInvalid},
			{"unknown node", with(func(q *report.Query) { q.Node = "210504999" }), "", report.ErrNotFound},
			{"unknown grid", with(func(q *report.Query) { q.Node = "210504002001009" }), "", report.ErrNotFound},
			{"unknown category", with(func(q *report.Query) { q.Category = "no.such" }), "category", report.ErrInvalid},
			{"unknown department", with(func(q *report.Query) { q.Department = "nosuch" }), "department", report.ErrInvalid},
		}
		for _, c := range cases {
			_, err := rep.Measures(ctx, leader, c.q)
			var ve *report.ValidationError
			if !errors.Is(err, c.want) || (c.field != "" && (!errors.As(err, &ve) || ve.Field != c.field)) {
				t.Errorf("%s: %v, want %v on field %q", c.name, err, c.want, c.field)
			}
		}
		// Rankings need a node of the right level.
		for by, node := range map[report.Dimension]string{report.ByStreet: street1, report.ByCommunity: district, report.ByGrid: street1} {
			_, err := rep.Rank(ctx, leader, report.Query{Node: node, From: from, To: to}, by)
			var ve *report.ValidationError
			if !errors.As(err, &ve) || ve.Field != "node" {
				t.Errorf("rank by %s at %s: %v, want a node error", by, node, err)
			}
		}
		if _, err := rep.Rank(ctx, leader, report.Query{Node: district, From: from, To: to}, "city"); !errors.Is(err, report.ErrInvalid) {
			t.Errorf("rank by city: %v", err)
		}
		if _, err := rep.Rank(ctx, leader, report.Query{Node: district, Department: "shuiwu", From: from, To: to}, report.ByDepartment); !errors.Is(err, report.ErrInvalid) {
			t.Errorf("department ranking of one department: %v", err)
		}
		// Bounds parse as dates in the report zone or RFC 3339.
		if b, err := rep.ParseBound("from", "2026-03-02"); err != nil || !b.Equal(from) {
			t.Errorf("ParseBound date: %s %v", b, err)
		}
		if b, err := rep.ParseBound("to", "2026-03-09T00:00:00+08:00"); err != nil || !b.Equal(to) {
			t.Errorf("ParseBound RFC 3339: %s %v", b, err)
		}
		for _, s := range []string{"", "2026-13-01", "yesterday"} {
			var ve *report.ValidationError
			if _, err := rep.ParseBound("from", s); !errors.As(err, &ve) || ve.Field != "from" {
				t.Errorf("ParseBound(%q): %v", s, err)
			}
		}
	})
}
