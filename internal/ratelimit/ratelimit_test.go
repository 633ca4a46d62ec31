package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestAllowSpendsTheBurstThenRefillsEvenly(t *testing.T) {
	t.Parallel()
	l := New(Rule{Events: 3, Per: time.Minute}) // one back every 20 s
	for i := range 3 {
		if ok, _ := l.Allow("a", t0); !ok {
			t.Fatalf("event %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("a", t0)
	if ok || wait != 20*time.Second {
		t.Fatalf("4th at once = %v, wait %v; want refused, 20s", ok, wait)
	}
	if ok, wait := l.Allow("a", t0.Add(19*time.Second)); ok || wait != time.Second {
		t.Fatalf("after 19 s = %v, wait %v; want refused, 1s", ok, wait)
	}
	if ok, _ := l.Allow("a", t0.Add(20*time.Second)); !ok {
		t.Fatal("after 20 s one event is earned back")
	}
	if ok, _ := l.Allow("b", t0); !ok {
		t.Fatal("another key has its own allowance")
	}
}

func TestWaitAndSpendMeterOnlyWhatIsSpent(t *testing.T) {
	t.Parallel()
	l := New(Rule{Events: 2, Per: time.Hour})
	for range 5 {
		if w := l.Wait("k", t0); w != 0 {
			t.Fatalf("Wait spent the allowance: %v", w)
		}
	}
	l.Spend("k", t0)
	l.Spend("k", t0)
	l.Spend("k", t0) // nothing left to take: no debt either
	if w := l.Wait("k", t0); w != 30*time.Minute {
		t.Fatalf("Wait after two failures = %v, want 30m", w)
	}
	if w := l.Wait("k", t0.Add(30*time.Minute)); w != 0 {
		t.Fatalf("Wait after 30m = %v, want 0", w)
	}
}

func TestOffRuleLetsEverythingPass(t *testing.T) {
	t.Parallel()
	l := New(Rule{})
	for range 1000 {
		if ok, _ := l.Allow("x", t0); !ok {
			t.Fatal("an off rule refused")
		}
	}
}

func TestSweepForgetsRefilledBuckets(t *testing.T) {
	t.Parallel()
	l := New(Rule{Events: 1, Per: time.Second})
	for i := range maxKeys {
		l.Allow(fmt.Sprint(i), t0)
	}
	l.Allow("late", t0.Add(time.Minute))
	if n := len(l.buckets); n != 1 {
		t.Fatalf("%d buckets kept, want only the new one", n)
	}
}

func TestParseRule(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Rule{
		"20/10m": {20, 10 * time.Minute}, "5/1h": {5, time.Hour}, "30/m": {30, time.Minute},
		" 100/24h ": {100, 24 * time.Hour}, "off": {},
	} {
		got, err := ParseRule(in)
		if err != nil || got != want {
			t.Errorf("ParseRule(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "20", "0/1m", "-1/1m", "x/1m", "20/", "20/fortnight", "20/500ms"} {
		if _, err := ParseRule(bad); err == nil {
			t.Errorf("ParseRule(%q) accepted", bad)
		}
	}
	for _, r := range []Rule{{20, 10 * time.Minute}, {5, time.Hour}, {1, 90 * time.Second}, {}} {
		back, err := ParseRule(r.String())
		if err != nil || back != r {
			t.Errorf("%v does not read back: %v, %v", r, back, err)
		}
	}
}

func TestAddressKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"203.0.113.7":          "203.0.113.7",
		"::ffff:203.0.113.7":   "203.0.113.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"not an address":       "not an address",
	} {
		if got := AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
