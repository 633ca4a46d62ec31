package care_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/care"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEnrolVisitFileOrderAndOverdueTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		comm, gw := w.actors["communitya"], w.actors["grida1"]
		m, err := w.svc.Enroll(ctx, comm, "elder_alone", w.personA1, "子女在外地")
		if err != nil {
			t.Fatal(err)
		}
		if m.Name != "王**" || m.GridCode != w.gridA1 || m.PersonID != w.personA1 || m.Overdue || m.HouseText == "" ||
			!m.NextDue.Equal(w.clock.Now().Add(7*24*time.Hour)) {
			t.Fatalf("enrolled %+v", m)
		}
		if _, err := w.svc.Enroll(ctx, gw, "elder_alone", w.personA1, ""); !errors.Is(err, care.ErrConflict) {
			t.Fatalf("twice: %v", err)
		}
		if _, err := w.svc.Enroll(ctx, comm, "elder_alone", w.personB, ""); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("another community's person: %v", err)
		}
		if _, err := w.svc.Enroll(ctx, comm, "nosuch", w.personA1b, ""); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("unknown group: %v", err)
		}
		if _, err := w.svc.Enroll(ctx, comm, "dibao", w.personA1b, ""); err != nil {
			t.Fatal(err)
		}

		// Sealed at rest: the member row holds neither the person's id nor
		// the note in plain text; a visit's findings are sealed too.
		var sealedPerson, sealedNote string
		if err := db.QueryRowContext(ctx, `SELECT person_sealed, note_sealed FROM care_members WHERE id = ?`, m.ID).Scan(&sealedPerson, &sealedNote); err != nil {
			t.Fatal(err)
		}
		if sealedPerson == strconv.FormatInt(w.personA1, 10) || strings.Contains(sealedNote, "子女") {
			t.Fatalf("membership in plain text: %q %q", sealedPerson, sealedNote)
		}

		// A bad visit changes nothing.
		if _, err := w.svc.RecordVisit(ctx, gw, care.VisitInput{MemberID: m.ID, Findings: "x"}); !errors.Is(err, care.ErrInvalid) {
			t.Fatalf("short findings: %v", err)
		}
		if _, err := w.svc.RecordVisit(ctx, gw, care.VisitInput{MemberID: m.ID, Findings: "老人身体尚好", Photo: []byte("not an image")}); !errors.Is(err, care.ErrInvalid) {
			t.Fatalf("bad photo: %v", err)
		}
		w.clock.Advance(2 * time.Hour)
		v, err := w.svc.RecordVisit(ctx, gw, care.VisitInput{MemberID: m.ID, Findings: "老人身体尚好，厨房燃气灶老化", Lat: lat0 + 2*u, Lng: lng0 + 2*u,
			Photo: tinyPNG(t), Order: &care.VisitOrder{Category: "hydrant.damaged", Description: "走访发现楼下消火栓损坏漏水", Key: "visit-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if v.OrderNumber == "" || !v.HasPhoto {
			t.Fatalf("visit %+v", v)
		}
		var channel, orderGrid string
		if err := db.QueryRowContext(ctx, `SELECT channel, grid_code FROM orders WHERE number = ?`, v.OrderNumber).Scan(&channel, &orderGrid); err != nil {
			t.Fatal(err)
		}
		if channel != "patrol" || orderGrid != w.gridA1 {
			t.Fatalf("order from visit: %s %s", channel, orderGrid)
		}
		var detail string
		if err := db.QueryRowContext(ctx, `SELECT detail_sealed FROM care_visits WHERE id = ?`, v.ID).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(detail, "燃气") || strings.Contains(detail, strconv.FormatFloat(lat0+2*u, 'f', -1, 64)) {
			t.Fatal("visit detail in plain text")
		}
		if data, ctype, err := w.svc.VisitPhoto(ctx, comm, v.ID); err != nil || ctype != "image/png" || len(data) == 0 {
			t.Fatalf("photo: %v %s", err, ctype)
		}
		if _, _, err := w.svc.VisitPhoto(ctx, w.actors["street"], v.ID); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("street reads the photo: %v", err)
		}
		vs, err := w.svc.Visits(ctx, comm, m.ID)
		if err != nil || len(vs) != 1 || vs[0].Findings != "老人身体尚好，厨房燃气灶老化" || vs[0].VisitorName != "grida1" {
			t.Fatalf("visits %v %+v", err, vs)
		}

		// The grid log shows the visit and the order it filed.
		lg, err := w.svc.DayLog(ctx, gw, w.users["grida1"].ID, "2026-12-07")
		if err != nil || lg.Visits != 1 || lg.Patrols != 1 || len(lg.Entries) != 2 {
			t.Fatalf("log %v %+v", err, lg)
		}
		// The street reads the worker's log, but not whom they visited.
		lg2, err := w.svc.DayLog(ctx, w.actors["street"], w.users["grida1"].ID, "2026-12-07")
		if err != nil || len(lg2.Entries) != 2 {
			t.Fatalf("street reads the log: %v %+v", err, lg2)
		}
		for _, e := range lg2.Entries {
			if e.Name != "" || e.Text != "" || e.MemberID != 0 {
				t.Fatalf("street learns the member: %+v", e)
			}
		}
		if _, err := w.svc.DayLog(ctx, w.actors["communityb"], w.users["grida1"].ID, "2026-12-07"); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("another community reads the log: %v", err)
		}

		// Eight days on: the 独居老人 (weekly) is overdue, and so is the 低保
		// member (monthly)? No: a month has not passed.
		w.clock.Advance(8 * 24 * time.Hour)
		over, err := w.svc.Members(ctx, gw, care.Filter{OverdueOnly: true})
		if err != nil || len(over) != 1 || over[0].ID != m.ID {
			t.Fatalf("overdue %v %+v", err, over)
		}
		raised, err := w.svc.RaiseOverdue(ctx)
		if err != nil || len(raised) != 1 || raised[0].GridCode != w.gridA1 || raised[0].Category != gridtask.CategoryCareVisit ||
			!strings.Contains(raised[0].Reason, "独居老人1人") || strings.Contains(raised[0].Reason, "王") {
			t.Fatalf("raised %v %+v", err, raised)
		}
		if again, err := w.svc.RaiseOverdue(ctx); err != nil || len(again) != 0 {
			t.Fatalf("raised twice: %v %+v", err, again)
		}

		// Measures: counts only.
		ms, err := w.svc.Measures(ctx, w.actors["street"], "")
		if err != nil || len(ms) != 2 {
			t.Fatalf("measures %v %+v", err, ms)
		}
		a1 := ms[0]
		if a1.GridCode != w.gridA1 || a1.Members != 2 || a1.OnSchedule != 1 || a1.Visits30 != 1 || a1.People != 2 || a1.Floating != 1 ||
			a1.Houses != 1 || a1.Rented != 0 || a1.VisitRate() != 0.5 || ms[1].Rented != 1 || ms[1].RentedShare() != 1 {
			t.Fatalf("measures %+v", ms)
		}

		// A visit puts the member back on schedule.
		if _, err := w.svc.RecordVisit(ctx, comm, care.VisitInput{MemberID: m.ID, Findings: "再次走访，情况稳定"}); err != nil {
			t.Fatal(err)
		}
		if over, _ := w.svc.Members(ctx, gw, care.Filter{OverdueOnly: true}); len(over) != 0 {
			t.Fatalf("still overdue: %+v", over)
		}
		// Ending a membership needs a reason; the person can be enrolled again.
		if err := w.svc.End(ctx, comm, m.ID, 99, "已搬走"); !errors.Is(err, care.ErrConflict) {
			t.Fatalf("stale end: %v", err)
		}
		cur, _ := w.svc.Member(ctx, comm, m.ID)
		if err := w.svc.End(ctx, comm, m.ID, cur.Version, "已随子女搬走"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Enroll(ctx, comm, "elder_alone", w.personA1, ""); err != nil {
			t.Fatalf("enrol again after end: %v", err)
		}
	})
}

func TestPlansAndGrants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		if _, err := w.svc.SetFrequency(ctx, w.actors["communitya"], "dibao", 14); !errors.Is(err, care.ErrForbidden) {
			t.Fatalf("community sets a plan: %v", err)
		}
		if _, err := w.svc.SetFrequency(ctx, w.actors["admin"], "dibao", 0); !errors.Is(err, care.ErrInvalid) {
			t.Fatalf("zero days: %v", err)
		}
		g, err := w.svc.SetFrequency(ctx, w.actors["admin"], "dibao", 14)
		if err != nil || g.FrequencyDays != 14 {
			t.Fatalf("plan %v %+v", err, g)
		}
		m, err := w.svc.Enroll(ctx, w.actors["communitya"], "correction", w.personA2, "")
		if err != nil {
			t.Fatal(err)
		}
		street := w.actors["street"]
		if _, err := w.svc.Member(ctx, street, m.ID); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("street before the grant: %v", err)
		}
		if _, err := w.svc.Grant(ctx, w.actors["street"], "correction", "street", false); !errors.Is(err, care.ErrForbidden) {
			t.Fatalf("street grants itself: %v", err)
		}
		if _, err := w.svc.Grant(ctx, w.actors["admin"], "correction", "grid", false); !errors.Is(err, care.ErrInvalid) {
			t.Fatalf("granting a keeper: %v", err)
		}
		g, err = w.svc.Grant(ctx, w.actors["admin"], "correction", "street", false)
		if err != nil || len(g.Granted) != 1 || g.Granted[0] != "street" {
			t.Fatalf("grant %v %+v", err, g)
		}
		if got, err := w.svc.Member(ctx, street, m.ID); err != nil || got.Name != "赵**" {
			t.Fatalf("street after the grant: %v %+v", err, got)
		}
		// The grant does not widen scope, nor cover other groups, nor let
		// the granted role edit.
		if _, err := w.svc.Member(ctx, w.actors["streetb"], m.ID); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("another street: %v", err)
		}
		if _, err := w.svc.RecordVisit(ctx, street, care.VisitInput{MemberID: m.ID, Findings: "街道走访"}); !errors.Is(err, care.ErrForbidden) {
			t.Fatalf("granted street records a visit: %v", err)
		}
		if _, err := w.svc.Grant(ctx, w.actors["admin"], "correction", "street", true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Member(ctx, street, m.ID); !errors.Is(err, care.ErrNotFound) {
			t.Fatalf("street after the revoke: %v", err)
		}
	})
}
