package open311

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"civicgrid/internal/order"
)

func TestStatusTablesCoverEveryStatus(t *testing.T) {
	want := map[order.Status][2]string{
		order.StatusNew:        {"open", "OPEN"},
		order.StatusPending:    {"open", "INVESTIGATING"},
		order.StatusDispatched: {"open", "INVESTIGATING"},
		order.StatusProcessing: {"open", "IN_PROGRESS"},
		order.StatusSuspended:  {"open", "ACTION_SCHEDULED"},
		order.StatusResolved:   {"closed", "FIXED"},
		order.StatusClosed:     {"closed", "FIXED"},
		order.StatusCancelled:  {"closed", "NO_FURTHER_ACTION"},
		order.StatusMerged:     {"closed", "DUPLICATE"},
	}
	for _, s := range order.Statuses() {
		w, ok := want[s]
		if !ok {
			t.Errorf("status %s has no Open311 mapping in this test: add it to doc.go and here", s)
			continue
		}
		if got := openClosed(s); got != w[0] {
			t.Errorf("%s is Open311 %s, want %s", s, got, w[0])
		}
		if got := extendedStatus(s, order.ActionCallback); got != w[1] {
			t.Errorf("%s is FixMyStreet %s, want %s", s, got, w[1])
		}
	}
	if got := extendedStatus(order.StatusClosed, order.ActionAnswer); got != "CLOSED" {
		t.Errorf("an answered consultation is %s, want CLOSED", got)
	}
	if n := len(ourStatuses("open")) + len(ourStatuses("closed")); n != len(order.Statuses()) {
		t.Errorf("open and closed cover %d of %d statuses", n, len(order.Statuses()))
	}
	for in, want := range map[string][2]any{
		"in progress": {"IN_PROGRESS", true}, "Fixed": {"FIXED", false}, "REOPEN": {"REOPEN", true},
		"not_councils_responsibility": {"NOT_COUNCILS_RESPONSIBILITY", false},
	} {
		s, opens, ok := parseClientStatus(in)
		if !ok || s != want[0] || opens != want[1] {
			t.Errorf("client status %q read as %s opens=%v ok=%v", in, s, opens, ok)
		}
	}
	if _, _, ok := parseClientStatus("done-ish"); ok {
		t.Error("an unknown client status is accepted")
	}
}

func TestDates(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, chinaZone)
	for in, want := range map[string]time.Time{
		"2026-11-23T08:30:00+08:00": time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC),
		"2026-11-23T08:30:00 08:00": time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC), // "+" decoded as a space
		"2026-11-23T00:30:00Z":      time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC),
		"2026-11-23T00:30:00.250Z":  time.Date(2026, 11, 23, 0, 30, 0, 250e6, time.UTC),
		"2026-11-23T08:30+08:00":    time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC),
		"2026-11-23":                time.Date(2026, 11, 22, 16, 0, 0, 0, time.UTC),
		"1994-11-05T08:15:30-05:00": time.Date(1994, 11, 5, 13, 15, 30, 0, time.UTC),
	} {
		got, err := parseW3C("start_date", in)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q read as %v (%v), want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"2026-11-23T08:30:00", "23/11/2026", "yesterday", "2026-11-23 08:30:00+08:00"} {
		if _, err := parseW3C("end_date", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if got := w3c(time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC)); got != "2026-11-23T08:30:00+08:00" {
		t.Errorf("w3c wrote %s", got)
	}

	from, to, err := dateRange("", "", now)
	if err != nil || !to.Equal(now) || to.Sub(from) != window {
		t.Errorf("default window %v – %v %v", from, to, err)
	}
	from, to, err = dateRange("2026-01-01T00:00:00Z", "", now)
	if err != nil || to.Sub(from) != window {
		t.Errorf("start only: %v – %v %v", from, to, err)
	}
	from, to, err = dateRange("", "2026-06-01T00:00:00Z", now)
	if err != nil || to.Sub(from) != window {
		t.Errorf("end only: %v – %v %v", from, to, err)
	}
	if _, _, err := dateRange("2026-01-01T00:00:00Z", "2026-03-31T00:00:00Z", now); err != nil {
		t.Errorf("89 days refused: %v", err)
	}
	if _, _, err := dateRange("2026-01-01T00:00:00Z", "2026-04-01T00:00:01Z", now); err == nil {
		t.Error("90 days and a second accepted")
	}
}

func TestSmallHelpers(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"三", "张"}: "张三", {"John", "Smith"}: "John Smith", {"", "李"}: "李", {" Ann ", ""}: "Ann", {"", ""}: "",
	} {
		if got := fullName(in[0], in[1]); got != want {
			t.Errorf("fullName%v = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][2]any{
		"services.json": {"services", formatJSON}, "requests.xml": {"requests", formatXML},
		"streetlight.out": {"streetlight.out", formatXML}, "streetlight.out.json": {"streetlight.out", formatJSON},
	} {
		if name, f := splitFormat(in); name != want[0] || f != want[1] {
			t.Errorf("splitFormat(%q) = %q %v", in, name, f)
		}
	}
	if e := classify(errors.New("disk on fire")); e != nil {
		t.Errorf("an unexpected error was classified as %+v", e)
	}
	if e := classify(order.ErrNotFound); e == nil || e.Status != http.StatusNotFound {
		t.Errorf("ErrNotFound classified as %+v", e)
	}
	if got := openField("attributes.kinds"); got != "attribute[kinds]" {
		t.Errorf("openField = %q", got)
	}
}
