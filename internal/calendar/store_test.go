package calendar_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/calendar"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var admin = audit.Actor{UserID: 0, Name: "admin-li", IP: "10.0.0.9"}

// A test notice for 2027 in the documented format. The dates are made up
// for the test, not the real 2027 schedule.
const notice2027 = `date,kind,name,name_en
2027-01-01,off,元旦,New Year's Day
2027-02-06,work,春节调休
2027-02-08,off,春节
2027-02-09,off,春节
`

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func overrideCount(t *testing.T, db *store.DB) int {
	t.Helper()
	o, err := calendar.ListOverrides(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return len(o)
}

func TestLoadWithoutOverridesIsTheShippedCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cal, err := calendar.Load(context.Background(), db, nil)
		if err != nil {
			t.Fatal(err)
		}
		shipped := calendar.Embedded(nil)
		for y := 2007; y <= 2026; y++ {
			if countWorkdays(cal, y) != countWorkdays(shipped, y) {
				t.Errorf("%d differs from the shipped data", y)
			}
		}
	})
}

func TestOverrideChangesTheAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		from := at(t, "2026-03-05T10:00:00+08:00") // Thursday
		before, _ := calendar.Embedded(nil).AddWorkingDays(from, 1)
		if want := at(t, "2026-03-07T00:00:00+08:00"); !before.Equal(want) {
			t.Fatalf("before: %s", before)
		}
		// A typhoon closes offices on Friday 6 March.
		if err := calendar.SetOverride(ctx, db, "2026-03-06", false, "台风停工", admin); err != nil {
			t.Fatal(err)
		}
		cal, err := calendar.Load(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Fri 6 off, Sat 7 and Sun 8 off: 1 = Mon 9.
		after, _ := cal.AddWorkingDays(from, 1)
		if want := at(t, "2026-03-10T00:00:00+08:00"); !after.Equal(want) {
			t.Errorf("after override: due %s, want %s", after, want)
		}
		if work, name := cal.DayInfo(at(t, "2026-03-06T12:00:00+08:00")); work || name != "台风停工" {
			t.Errorf("DayInfo = %v %q", work, name)
		}
		days := cal.Year(2026)
		if d := days[64]; d.Date != "2026-03-06" || !d.Override || d.Workday {
			t.Errorf("Year day 65 = %+v", d)
		}
		// Replacing an override: the make-up Saturday 14 Feb becomes a day off.
		if err := calendar.SetOverride(ctx, db, "2026-02-14", false, "春节", admin); err != nil {
			t.Fatal(err)
		}
		if err := calendar.SetOverride(ctx, db, "2026-03-06", true, "取消停工", admin); err != nil {
			t.Fatal(err)
		}
		cal, _ = calendar.Load(ctx, db, nil)
		if !cal.IsWorkday(at(t, "2026-03-06T12:00:00+08:00")) || cal.IsWorkday(at(t, "2026-02-14T12:00:00+08:00")) {
			t.Error("the second overrides did not take")
		}
		list, err := calendar.ListOverrides(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Date != "2026-02-14" || list[1].Name != "取消停工" || !list[1].Workday ||
			list[1].CreatedBy != "admin-li" || time.Since(list[1].CreatedAt) > time.Minute {
			t.Errorf("overrides = %+v", list)
		}
		if n := auditCount(t, db, "calendar.override"); n != 3 {
			t.Errorf("%d calendar.override audit rows, want 3", n)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "calendar.override", Target: "date:2026-03-06", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].ActorName != "admin-li" {
			t.Errorf("audit entries = %+v", entries)
		}

		// Deleting restores the shipped answer; deleting again is ErrNotFound.
		if err := calendar.DeleteOverride(ctx, db, "2026-02-14", admin); err != nil {
			t.Fatal(err)
		}
		if err := calendar.DeleteOverride(ctx, db, "2026-02-14", admin); !errors.Is(err, calendar.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		cal, _ = calendar.Load(ctx, db, nil)
		if !cal.IsWorkday(at(t, "2026-02-14T12:00:00+08:00")) {
			t.Error("after delete, 2026-02-14 should be the shipped make-up working day again")
		}
		if n := auditCount(t, db, "calendar.override.delete"); n != 1 {
			t.Errorf("%d delete audit rows, want 1", n)
		}
	})
}

func TestSetOverrideRejectsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, c := range []struct{ date, name string }{
			{"2026-13-01", "x"}, {"2026-02-29", "x"}, {"20260301", "x"}, {"2026-03-01", ""}, {"2026-03-01", strings.Repeat("长", 41)},
		} {
			if err := calendar.SetOverride(ctx, db, c.date, false, c.name, admin); !errors.Is(err, calendar.ErrInvalid) {
				t.Errorf("SetOverride(%q, %q) = %v, want ErrInvalid", c.date, c.name, err)
			}
		}
		if err := calendar.DeleteOverride(ctx, db, "yesterday", admin); !errors.Is(err, calendar.ErrInvalid) {
			t.Errorf("DeleteOverride(bad date) = %v", err)
		}
		if overrideCount(t, db) != 0 || auditCount(t, db, "calendar.override") != 0 {
			t.Error("a rejected override left a trace")
		}
	})
}

func TestImportNoticePublishesTheYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		nov1 := at(t, "2026-11-01T08:00:00+08:00")
		cal, err := calendar.Load(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, missing := cal.MissingYearWarning(nov1); !missing {
			t.Fatal("no warning before the import")
		}
		// Thu 31 Dec 2026, 1 working day: with 2027 unpublished Fri 1 Jan
		// counts (weekends only) → due 24:00 Fri 1 Jan.
		from := at(t, "2026-12-31T10:00:00+08:00")
		if due, _ := cal.AddWorkingDays(from, 1); !due.Equal(at(t, "2027-01-02T00:00:00+08:00")) {
			t.Errorf("before import: due %s", due)
		}

		res, err := calendar.ImportNotice(ctx, db, strings.NewReader(notice2027), admin)
		if err != nil {
			t.Fatal(err)
		}
		if res.Entries != 4 || res.Off != 3 || res.Work != 1 || len(res.Years) != 1 || res.Years[0] != 2027 {
			t.Errorf("result %+v", res)
		}
		h := calendar.NewHolder(cal)
		if err := h.Reload(ctx, db); err != nil {
			t.Fatal(err)
		}
		cal = h.Calendar()
		if w, missing := cal.MissingYearWarning(nov1); missing {
			t.Errorf("still warned after importing 2027: %s", w)
		}
		if first, last := cal.Published(); first != 2007 || last != 2027 {
			t.Errorf("Published = %d, %d", first, last)
		}
		// Now Fri 1 Jan is 元旦, Sat 2 and Sun 3 off: 1 = Mon 4 → due Tue 5.
		if due, _ := cal.AddWorkingDays(from, 1); !due.Equal(at(t, "2027-01-05T00:00:00+08:00")) {
			t.Errorf("after import: due %s", due)
		}
		if d := cal.Year(2027)[0]; d.Name != "元旦" || d.NameEn != "New Year's Day" || !d.Override || d.Workday {
			t.Errorf("imported 2027-01-01 = %+v", d)
		}
		if !cal.IsWorkday(at(t, "2027-02-06T10:00:00+08:00")) {
			t.Error("the imported make-up Saturday 2027-02-06 is not a working day")
		}
		if n := auditCount(t, db, "calendar.import"); n != 1 {
			t.Errorf("%d import audit rows", n)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: "calendar.import", Limit: 1})
		if len(entries) != 1 || entries[0].Target != "year:2027" || !strings.Contains(entries[0].Detail, "4 days (3 off, 1 work)") {
			t.Errorf("audit = %+v", entries)
		}

		// A re-import replaces the dates it lists and keeps the others.
		if _, err := calendar.ImportNotice(ctx, db, strings.NewReader("2027-02-09,work,春节调休\n"), admin); err != nil {
			t.Fatal(err)
		}
		if n := overrideCount(t, db); n != 4 {
			t.Errorf("%d overrides after re-import, want 4", n)
		}
		_ = h.Reload(ctx, db)
		if !h.Calendar().IsWorkday(at(t, "2027-02-09T10:00:00+08:00")) {
			t.Error("re-import did not replace 2027-02-09")
		}
	})
}

func TestImportNoticeStoresNothingOnAnyError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		bad := notice2027 + "2027-02-10,off,春节\n2027-02-31,off,春节\n2027-02-13,maybe,春节调休\n"
		_, err := calendar.ImportNotice(ctx, db, strings.NewReader(bad), admin)
		var ve *calendar.ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Line != 7 || ve.Problems[1].Line != 8 {
			t.Fatalf("error %v, want problems on lines 7 and 8", err)
		}
		if overrideCount(t, db) != 0 || auditCount(t, db, "calendar.import") != 0 {
			t.Error("a rejected import stored something")
		}
		cal, _ := calendar.Load(ctx, db, nil)
		if cal.HasYear(2027) {
			t.Error("2027 published by a rejected import")
		}
	})
}

// A failure inside the transaction (here: the audit table is gone) rolls
// the whole import back, not just the failing statement.
func TestImportNoticeRollsBackOnStoreFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `ALTER TABLE audit_log RENAME TO audit_log_away`); err != nil {
			t.Fatal(err)
		}
		if _, err := calendar.ImportNotice(ctx, db, strings.NewReader(notice2027), admin); err == nil {
			t.Fatal("import succeeded without an audit log")
		}
		if n := overrideCount(t, db); n != 0 {
			t.Errorf("%d overrides left by a failed import", n)
		}
	})
}
