package care_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/care"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestEveryRoleAgainstCareGroupsAndVisits: who reads a member by name,
// lists members, enrols, records a visit and reads the counts, for a
// member in community A (in scope for some) — and nobody outside A's
// street sees anything of it. Out of scope is NotFound, never Forbidden.
func TestEveryRoleAgainstCareGroupsAndVisits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		in, err := w.svc.Enroll(ctx, w.actors["communitya"], "drug", w.personA1, "")
		if err != nil {
			t.Fatal(err)
		}
		out, err := w.svc.Enroll(ctx, w.actors["communityb"], "drug", w.personB, "")
		if err != nil {
			t.Fatal(err)
		}
		type want struct {
			read, keep, count bool // read: by name; keep: enrol and visit
		}
		matrix := map[string]want{
			"admin":      {count: true},
			"operator":   {count: true},
			"dispatcher": {count: true},
			"street":     {count: true},
			"streetb":    {count: true},
			"communitya": {read: true, keep: true, count: true},
			"communityb": {count: true},
			"grida1":     {read: true, keep: true, count: true},
			"buildinga1": {count: true},
			"supervisor": {count: true},
			"leader":     {count: true},
			"department": {count: true},
		}
		for name, wt := range matrix {
			a := w.actors[name]
			_, err := w.svc.Member(ctx, a, in.ID)
			if wt.read != (err == nil) || (!wt.read && !errors.Is(err, care.ErrNotFound)) {
				t.Errorf("%s reads the member in scope: %v", name, err)
			}
			// Community B's member is out of scope for everyone here but communityb.
			if _, err := w.svc.Member(ctx, a, out.ID); (name == "communityb") != (err == nil) {
				t.Errorf("%s reads community B's member: %v", name, err)
			}
			list, err := w.svc.Members(ctx, a, care.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				if m.ID == out.ID && name != "communityb" || m.ID == in.ID && !wt.read {
					t.Errorf("%s lists member %d", name, m.ID)
				}
			}
			_, err = w.svc.RecordVisit(ctx, a, care.VisitInput{MemberID: in.ID, Findings: "例行走访，情况稳定"})
			if wt.keep != (err == nil) {
				t.Errorf("%s records a visit: %v", name, err)
			}
			if _, err := w.svc.RecordVisit(ctx, a, care.VisitInput{MemberID: out.ID, Findings: "例行走访，情况稳定"}); name != "communityb" && err == nil {
				t.Errorf("%s records a visit out of scope", name)
			} else if err != nil && !errors.Is(err, care.ErrForbidden) && !errors.Is(err, care.ErrNotFound) {
				t.Errorf("%s visit out of scope: %v", name, err)
			}
			if _, err := w.svc.Visits(ctx, a, in.ID); wt.read != (err == nil) {
				t.Errorf("%s reads the visits: %v", name, err)
			}
			_, err = w.svc.Enroll(ctx, a, "dibao", w.personA1b, "")
			if wt.keep && err != nil && !errors.Is(err, care.ErrConflict) || !wt.keep && err == nil {
				t.Errorf("%s enrols: %v", name, err)
			}
			if _, err := w.svc.Enroll(ctx, a, "tekun", w.personB, ""); name != "communityb" && err == nil {
				t.Errorf("%s enrols a person out of scope", name)
			}
			ms, err := w.svc.Measures(ctx, a, "")
			if wt.count != (err == nil) {
				t.Errorf("%s reads the counts: %v", name, err)
			}
			for _, m := range ms {
				if !a.Scope.CoversRegion(m.GridCode) {
					t.Errorf("%s counts grid %s out of scope", name, m.GridCode)
				}
			}
		}
	})
}
