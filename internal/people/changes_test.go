package people_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestChangeReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		head, comm := w.actors["buildinga1"], w.actors["communitya"]
		count := func() int {
			t.Helper()
			ps, err := w.svc.List(ctx, comm, people.Filter{Current: true}, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(ps)
		}
		// The 楼长 reports a move-in; nothing changes yet.
		in, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "迁入", HouseID: w.houseA1, Date: "2026-12-01",
			Person: people.Input{Name: "周八", DocNumber: idn(40), Phone: "13900001111", Residence: "流动", Hukou: "外地"}})
		if err != nil {
			t.Fatal(err)
		}
		if in.Status != people.ChangePending || !strings.Contains(in.Summary, "周*") || strings.Contains(in.Summary, "周八") || count() != 0 {
			t.Fatalf("reported %+v, %d people", in, count())
		}
		// Not in the 楼长's building: another building's house.
		if _, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "tenancy", HouseID: w.houseA2, Use: "rent", TenantCount: 2}); err == nil {
			t.Fatal("reported for a house of another building")
		}
		// A bad ID number is refused at once.
		var fe *people.FieldError
		if _, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "birth", HouseID: w.houseA1,
			Person: people.Input{Name: "周九", DocNumber: idn(41)[:17] + "Y"}}); !errors.As(err, &fe) || fe.Field != "id_number" {
			t.Fatalf("bad id in report: %v", err)
		}
		// Only the community decides; another community does not see it.
		if _, err := w.svc.ConfirmChange(ctx, head, in.ID, in.Version); !errors.Is(err, people.ErrForbidden) {
			t.Fatalf("楼长 confirmed: %v", err)
		}
		if _, err := w.svc.ConfirmChange(ctx, w.actors["communityb"], in.ID, in.Version); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("another community confirmed: %v", err)
		}
		if list, err := w.svc.ListChanges(ctx, w.actors["communityb"], "", 10); err != nil || len(list) != 0 {
			t.Fatalf("another community lists %+v %v", list, err)
		}
		done, err := w.svc.ConfirmChange(ctx, comm, in.ID, in.Version)
		if err != nil || done.Status != people.ChangeConfirmed || done.PersonID == 0 || count() != 1 {
			t.Fatalf("confirmed %+v %v, %d people", done, err, count())
		}
		if _, err := w.svc.ConfirmChange(ctx, comm, in.ID, done.Version); !errors.Is(err, people.ErrConflict) {
			t.Fatalf("confirmed twice: %v", err)
		}
		p, err := w.svc.Get(ctx, comm, done.PersonID)
		if err != nil || p.MovedIn != "2026-12-01" || p.Residence != people.ResidentFloating || p.HouseID != w.houseA1 {
			t.Fatalf("moved in %+v %v", p, err)
		}

		// A move-out rejected with a reason changes nothing; confirmed, it does.
		out, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "move_out", HouseID: w.houseA1, PersonID: p.ID, Date: "2026-12-05"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RejectChange(ctx, comm, out.ID, out.Version, " "); !errors.As(err, &fe) || fe.Field != "reason" {
			t.Fatalf("reject without reason: %v", err)
		}
		rej, err := w.svc.RejectChange(ctx, comm, out.ID, out.Version, "核实后仍在住")
		if err != nil || rej.Status != people.ChangeRejected || rej.Reason != "核实后仍在住" || count() != 1 {
			t.Fatalf("rejected %+v %v", rej, err)
		}
		out, err = w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "move_out", HouseID: w.houseA1, PersonID: p.ID, Date: "2026-12-06"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ConfirmChange(ctx, comm, out.ID, out.Version); err != nil || count() != 0 {
			t.Fatalf("move out: %v, %d people", err, count())
		}

		// Tenancy: the house becomes rented.
		ten, err := w.svc.ReportChange(ctx, head, people.ChangeInput{Kind: "出租变化", HouseID: w.houseA1b, Use: "出租", TenantCount: 3,
			LeaseStart: "2026-11-01", LeaseEnd: "2027-10-31"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ConfirmChange(ctx, comm, ten.ID, ten.Version); err != nil {
			t.Fatal(err)
		}
		h, err := address.GetHouse(ctx, db, auth.Scope{}, w.houseA1b)
		if err == nil {
			t.Fatalf("zero scope read a house: %+v", h)
		}
		h, err = address.GetHouse(ctx, db, comm.Scope, w.houseA1b)
		if err != nil || h.Use != address.UseRent || h.TenantCount != 3 || h.LeaseEnd != "2027-10-31" {
			t.Fatalf("house after tenancy %+v %v", h, err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('person.change_report', 'person.change_confirm', 'person.change_reject')`).Scan(&n); err != nil || n != 8 {
			t.Fatalf("audit rows %d %v", n, err)
		}
		for _, secret := range []string{"周八", idn(40), "13900001111"} {
			assertNotStored(t, ctx, db, secret)
		}
	})
}
