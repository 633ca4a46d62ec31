package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestIntakeSmoke runs the whole intake bench small, on each store: the
// demo district, the server (in-process: a test binary cannot serve),
// both phases, the check that every acknowledged order is stored, and the
// peer. The figures are not checked (no timing in tests), only that there
// are some and that they count what the store holds.
func TestIntakeSmoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cfg := Config{Seed: 5, Duration: 300 * time.Millisecond, MaxOps: 40, Store: db, Clients: 4, Rate: 100}
		b, err := Lookup("intake")
		if err != nil {
			t.Fatal(err)
		}
		var progress bytes.Buffer
		res, err := b.Run(ctx, cfg, &progress)
		if err != nil {
			t.Fatalf("%v\nprogress:\n%s", err, progress.String())
		}
		extra := strings.Join(res.Extra, "\n")
		if res.Ours.Unit != "orders/s" || !(res.Ours.Value > 0) || res.Peer.Unit != "orders/s" || !(res.Peer.Value > 0) {
			t.Fatalf("ours %v, peer %v\n%s", res.Ours, res.Peer, extra)
		}
		if !lineFormat.MatchString(res.Line("intake")) {
			t.Fatalf("line %q", res.Line("intake"))
		}

		// What the bench says it filed is what the store holds.
		phase1 := intInLine(t, extra, `(\d+) orders in [0-9.]+m?s; latency`)
		phase2 := intInLine(t, extra, `for [0-9.]+m?s: (\d+) orders`)
		acked := intInLine(t, extra, `intake check: (\d+) orders acknowledged`)
		peerRows := intInLine(t, extra, `bare INSERT of the same (\d+) rows`)
		if phase1 < 1 || phase1 > 40 || phase2 != 30 || acked != phase1+phase2 || peerRows != phase1 {
			t.Fatalf("phase 1 %d (want 1…40), phase 2 %d (want 30 = 100/s × 0.3s), acknowledged %d, peer rows %d:\n%s",
				phase1, phase2, acked, peerRows, extra)
		}
		var stored, distinct, web int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT idempotency_key),
			COUNT(CASE WHEN channel = 'web' AND status = 'new' AND grid_code <> '' THEN 1 END)
			FROM orders WHERE idempotency_key LIKE 'bench-intake-%'`).Scan(&stored, &distinct, &web); err != nil {
			t.Fatal(err)
		}
		if stored != acked || distinct != acked || web != acked {
			t.Fatalf("store holds %d bench orders (%d keys, %d new web orders in a grid); the bench acknowledged %d", stored, distinct, web, acked)
		}
		if !strings.Contains(extra, "intake server peak RSS: ") || strings.Contains(extra, "peak RSS: unavailable") {
			t.Fatalf("no peak RSS:\n%s", extra)
		}

		// The check fails when an acknowledged number is missing.
		_, err = verifyStored(ctx, db, 0, []string{"209901019999"})
		if err == nil || !strings.Contains(err.Error(), "LOST ORDERS") {
			t.Fatalf("a missing order passed the check: %v", err)
		}
	})
}

func intInLine(t *testing.T, text, pattern string) int {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %q in:\n%s", pattern, text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// The peer table has the columns and indexes of orders, keeps its UNIQUE
// constraints, and has no foreign key (a row with an unknown category goes
// in).
func TestIntakePeerTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p, err := openIntakePeer(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer p.drop()
		cols, idx, err := tableShape(ctx, db, "", "orders")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(cols, ",") != strings.Join(p.columns, ",") || idx != p.indexes || idx < 8 {
			t.Fatalf("peer %v / %d indexes, orders %v / %d", p.columns, p.indexes, cols, idx)
		}
		rows := orderRows{columns: []string{"number", "channel", "status", "category_code", "category_version", "kind", "urgency",
			"reply_minutes", "resolve_days", "resolve_minutes", "description", "community_code", "street_code", "district_code",
			"handler_level", "received_at", "reply_due_at", "resolve_due_at", "created_at", "updated_at", "idempotency_key"}}
		row := func(number, key string) []any {
			return []any{number, "web", "new", "no.such.category", 1, "event", "normal", 120, 3, 0, "测试", "210504001001",
				"210504001", "210504", "centre", 1, 2, 3, 4, 5, key}
		}
		rows.values = [][]any{row("202601010001", "k1"), row("202601010002", "k2")}
		if _, err := p.insertAll(ctx, rows, 2); err != nil {
			t.Fatalf("rows without the category's foreign key: %v", err)
		}
		rows.values = [][]any{row("202601010001", "k3")}
		if _, err := p.insertAll(ctx, rows, 1); !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate number: %v, want a unique violation", err)
		}
		rows.values = [][]any{row("202601010003", "k3")}
		rows.values[0][2] = "nonsense"
		if _, err := p.insertAll(ctx, rows, 1); err == nil {
			t.Fatal("a status outside the CHECK went in")
		}
	})
}

func TestSQLitePeerDDL(t *testing.T) {
	got, err := sqlitePeerDDL([]string{
		"CREATE TABLE orders (\n    id INTEGER PRIMARY KEY,\n    -- the category (REFERENCES in a comment)\n" +
			"    category_code TEXT NOT NULL REFERENCES categories(code) ON DELETE CASCADE,\n" +
			"    number TEXT NOT NULL UNIQUE,\n    status TEXT NOT NULL CHECK (status IN ('new','closed'))\n)",
		"CREATE INDEX orders_open ON orders(number) WHERE status IN ('new')",
		`CREATE UNIQUE INDEX "orders_status" ON "orders" (status, number)`,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CREATE TABLE bench_orders_peer (\n    id INTEGER PRIMARY KEY,\n" +
			"    category_code TEXT NOT NULL,\n    number TEXT NOT NULL UNIQUE,\n    status TEXT NOT NULL CHECK (status IN ('new','closed'))\n)",
		"CREATE INDEX peer_orders_open ON bench_orders_peer (number) WHERE status IN ('new')",
		"CREATE UNIQUE INDEX peer_orders_status ON bench_orders_peer (status, number)",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	if _, err := sqlitePeerDDL([]string{"CREATE TABLE orders (a INTEGER, FOREIGN KEY (a) REFERENCES x(id))"}); err == nil {
		t.Error("a table-level foreign key passed")
	}
	if _, err := sqlitePeerDDL([]string{"CREATE TABLE other (a INTEGER)"}); err == nil {
		t.Error("another table's DDL passed")
	}
}

// The bench's matters fit the seeded catalogue; a matter that does not
// is refused with its reasons, before any order is sent.
func TestIntakeMattersFitTheCatalogue(t *testing.T) {
	seed := category.SeedCatalogue()
	parents := map[string]bool{}
	for _, c := range seed {
		parents[c.ParentCode] = true
	}
	var catalogue []catalogueEntry
	for _, c := range seed {
		catalogue = append(catalogue, catalogueEntry{Code: c.Code, Leaf: !parents[c.Code], Active: c.Active, Fields: c.Fields})
	}
	if err := checkMattersAgainst(catalogue, intakeMatters); err != nil {
		t.Fatal(err)
	}
	bad := []intakeMatter{
		{"noise.disturb", 1, []saying{{"P吵", map[string]string{"period": "night"}}}},
		{"heating.cold", 1, []saying{{"P冷", map[string]string{"colour": "blue"}}}},
		{"elevator.fault", 1, []saying{{"P坏", map[string]string{"trapped": "maybe"}}}},
		{"component", 1, []saying{{"P", nil}}},
		{"no.such", 1, []saying{{"P", nil}}},
	}
	err := checkMattersAgainst(catalogue, bad)
	for _, want := range []string{"noise.disturb: required field source not given", "heating.cold: has no field colour",
		`elevator.fault: trapped="maybe" is not one of its keys`, "component: not an active leaf", "no.such: not in the catalogue"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}

func TestIntakeBodiesAreReproducible(t *testing.T) {
	places := []intakePlace{{lng: 123.8, lat: 41.3, grid: "210504001001001", address: "明山区永光社区3号楼", name: "3号楼"},
		{lng: 123.81, lat: 41.31, grid: "210504001001002", name: "路口"}}
	a, err := intakeBodies(places, intakeMatters, 200, 9)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := intakeBodies(places, intakeMatters, 200, 9)
	c, _ := intakeBodies(places, intakeMatters, 200, 10)
	if !bytes.Equal(a[199], b[199]) || bytes.Equal(bytes.Join(a, nil), bytes.Join(c, nil)) {
		t.Fatal("same seed must give the same bodies, another seed others")
	}
	categories := map[string]bool{}
	for i, raw := range a {
		var body intakeBody
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatal(err)
		}
		categories[body.Category] = true
		phoneOK := regexp.MustCompile(`^1[35789]\d{9}$`).MatchString(body.Reporter.Phone)
		if body.Channel != "web" || strings.Contains(body.Description, "P") || !phoneOK || body.Reporter.Name == "" ||
			(body.Lat != 41.3 && body.Lat != 41.31) || len([]rune(body.Description)) < 10 {
			t.Fatalf("body %d: %s", i, raw)
		}
	}
	if len(categories) < 10 {
		t.Fatalf("200 bodies over only %d categories", len(categories))
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	tb := &tailBuffer{max: 10}
	for i := range 5 {
		fmt.Fprintf(tb, "line%d\n", i)
	}
	if got := tb.String(); got != "ne3\nline4\n" {
		t.Fatalf("tail %q", got)
	}
}

func TestParseStatCPU(t *testing.T) {
	// utime 250 and stime 50 ticks of 10 ms; the command name holds a
	// space and a parenthesis.
	stat := "4242 (civic grid) x) S 1 4242 4242 0 -1 4194560 1200 0 0 0 250 50 0 0 20 0 9 0 100 0 0"
	if got, err := parseStatCPU(stat); err != nil || got != 3*time.Second {
		t.Fatalf("parseStatCPU = %v, %v; want 3s", got, err)
	}
	if _, err := parseStatCPU("4242 (x) S 1 2"); err == nil {
		t.Fatal("a short stat line passed")
	}
}

func TestIntakeSettingsFromFlags(t *testing.T) {
	s, err := intakeSettingsFrom(Config{})
	if err != nil || s.clients != intakeDefaultClients() || s.rate != 0 || s.duration != intakeDefaultDuration || s.maxOps != intakeDefaultMaxOps {
		t.Fatalf("defaults: %+v, %v", s, err)
	}
	if s, err = intakeSettingsFrom(Config{Duration: time.Second, MaxOps: 9, Clients: 3, Rate: 250.5}); err != nil || s.clients != 3 || s.rate != 250.5 || s.duration != time.Second || s.maxOps != 9 {
		t.Fatalf("from the flags: %+v, %v", s, err)
	}
	for _, bad := range []Config{{Clients: -1}, {Clients: 513}, {Rate: -5}, {Rate: 2e6}} {
		if _, err := intakeSettingsFrom(bad); err == nil {
			t.Errorf("clients %d, rate %g accepted", bad.Clients, bad.Rate)
		}
	}
}
