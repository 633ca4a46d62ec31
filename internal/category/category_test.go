package category_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var admin = audit.Actor{UserID: 7, Name: "admin", IP: "10.0.0.1"}

func seedDepartments(t *testing.T, db *store.DB, codes ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
		VALUES ('210504', '明山区', '明山区', 'district', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if _, err := db.ExecContext(ctx, `INSERT INTO departments (code, name, region_code, created_at, updated_at)
			VALUES (?, ?, '210504', 1, 1)`, c, c); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSeedIsIdempotentAndKeepsEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want := len(category.SeedCatalogue())
		n, err := category.Seed(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if n != want || count(t, db, `SELECT COUNT(*) FROM categories`) != want {
			t.Fatalf("first seed added %d, want %d", n, want)
		}
		// An admin edit survives a second seed.
		seedDepartments(t, db, "ranqi")
		gas, err := category.Get(ctx, db, "gas.leak")
		if err != nil {
			t.Fatal(err)
		}
		gas.NameZh = "燃气泄漏 (紧急)"
		if _, err := category.Update(ctx, db, gas, admin); err != nil {
			t.Fatal(err)
		}
		n, err = category.Seed(ctx, db)
		if err != nil || n != 0 {
			t.Fatalf("second seed added %d (%v), want 0", n, err)
		}
		gas, _ = category.Get(ctx, db, "gas.leak")
		if gas.NameZh != "燃气泄漏 (紧急)" || gas.Version != 2 {
			t.Fatalf("seed rewrote an edit: %+v", gas)
		}
		if count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'category.seed'`) != 1 {
			t.Fatal("want exactly one seed audit entry (the second seed added nothing)")
		}
	})
}

func TestSeedCatalogueShape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		all, err := category.List(ctx, db, false)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		leaves := 0
		for _, c := range all {
			if c.ParentCode != "" && !seen[c.ParentCode] {
				t.Fatalf("%s listed before its parent %s", c.Code, c.ParentCode)
			}
			seen[c.Code] = true
			if c.Leaf {
				leaves++
			}
		}
		if leaves < 40 {
			t.Fatalf("%d leaves, want about 40 or more", leaves)
		}
		// The GB/T 30428 top classes are there under 部件 and 事件.
		for parent, names := range map[string][]string{
			"component": {"公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施"},
			"event":     {"市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序"},
		} {
			var got []string
			for _, c := range all {
				if c.ParentCode == parent {
					got = append(got, c.NameZh)
				}
			}
			if strings.Join(got, ",") != strings.Join(names, ",") {
				t.Errorf("classes under %s = %v, want %v", parent, got, names)
			}
		}
		gas, err := category.Get(ctx, db, "gas.leak")
		if err != nil {
			t.Fatal(err)
		}
		if gas.Route.String() != "department:ranqi" || gas.Urgency != category.UrgencyEmergency ||
			gas.Limits.Reply != 15*time.Minute || gas.Limits.ResolveWithin != 4*time.Hour || gas.Kind != category.KindEvent || !gas.Leaf {
			t.Fatalf("gas.leak = %+v", gas)
		}
		light, _ := category.Get(ctx, db, "streetlight.out")
		if light.Limits != (category.Limits{Reply: 2 * time.Hour, ResolveWorkingDays: 3}) || light.Kind != category.KindComponent {
			t.Fatalf("streetlight.out limits %+v kind %s, want the 2 h / 3 working day default", light.Limits, light.Kind)
		}
		policy, _ := category.Get(ctx, db, "consult.policy")
		if policy.Kind != category.KindConsult {
			t.Fatalf("consult.policy kind %s", policy.Kind)
		}
		path, err := category.Path(ctx, db, "gas.leak")
		if err != nil || len(path) != 3 || path[0].NameZh != "事件" || path[1].NameZh != "突发事件" {
			t.Fatalf("path = %+v, %v", path, err)
		}
		if _, err := category.Get(ctx, db, "no.such"); !errors.Is(err, category.ErrNotFound) {
			t.Fatalf("unknown code: %v", err)
		}
	})
}

func newLeaf() category.Category {
	return category.Category{
		Code: "pigeon.nuisance", ParentCode: "livelihood.community", NameZh: "鸽子扰民", NameEn: "Pigeon nuisance",
		Kind: category.KindEvent, Route: category.Route{Level: category.LevelGrid}, Urgency: category.UrgencyNormal,
		Limits: category.DefaultLimits(category.UrgencyNormal), Active: true,
		Fields: []category.Field{{Code: "count", Name: "数量", Datatype: category.TypeNumber}},
	}
}

func TestCreateValidatesAndAudits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		seedDepartments(t, db, "chengguan")
		before := count(t, db, `SELECT COUNT(*) FROM categories`)
		bad := map[string]func(*category.Category){
			"code":    func(c *category.Category) { c.Code = "Bad Code" },
			"name_zh": func(c *category.Category) { c.NameZh = " " },
			"kind":    func(c *category.Category) { c.Kind = "thing" },
			"urgency": func(c *category.Category) { c.Urgency = "soon" },
			"route":   func(c *category.Category) { c.Route = category.Route{Level: "moon"} },
			"route dept": func(c *category.Category) {
				c.Route = category.Route{Level: category.LevelDepartment, Department: "nosuch"}
			},
			"parent":         func(c *category.Category) { c.ParentCode = "no.parent" },
			"both limits":    func(c *category.Category) { c.Limits.ResolveWithin = time.Hour },
			"no limit":       func(c *category.Category) { c.Limits.ResolveWorkingDays = 0 },
			"reply zero":     func(c *category.Category) { c.Limits.Reply = 0 },
			"field datatype": func(c *category.Category) { c.Fields[0].Datatype = "blob" },
			"list no values": func(c *category.Category) { c.Fields[0].Datatype = category.TypeSingleValueList },
			"dup field": func(c *category.Category) {
				c.Fields = append(c.Fields, category.Field{Code: "count", Name: "x", Datatype: category.TypeString})
			},
		}
		for name, mutate := range bad {
			c := newLeaf()
			c.Fields = append([]category.Field(nil), c.Fields...)
			mutate(&c)
			_, err := category.Create(ctx, db, c, admin)
			var ve *category.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, category.ErrInvalid) {
				t.Errorf("%s: err = %v, want a ValidationError", name, err)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM categories`); n != before {
			t.Fatalf("bad input changed the catalogue: %d rows, want %d", n, before)
		}
		c, err := category.Create(ctx, db, newLeaf(), admin)
		if err != nil {
			t.Fatal(err)
		}
		if c.Version != 1 || !c.Leaf || !c.Active || c.Fields[0].Code != "count" {
			t.Fatalf("created %+v", c)
		}
		if _, err := category.Create(ctx, db, newLeaf(), admin); !errors.Is(err, category.ErrConflict) {
			t.Fatalf("duplicate code: %v", err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "category.create"})
		if err != nil || len(entries) != 1 || entries[0].Target != "category:pigeon.nuisance" || entries[0].ActorID != admin.UserID {
			t.Fatalf("audit = %+v, %v", entries, err)
		}
		// A department route to a known department is accepted.
		c2 := newLeaf()
		c2.Code, c2.Route = "pigeon.droppings", category.Route{Level: category.LevelDepartment, Department: "chengguan"}
		if _, err := category.Create(ctx, db, c2, admin); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUpdateOptimisticLockAndCycles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		c, err := category.Get(ctx, db, "noise.disturb")
		if err != nil {
			t.Fatal(err)
		}
		first, second := c, c
		first.Limits.ResolveWorkingDays = 2
		updated, err := category.Update(ctx, db, first, admin)
		if err != nil {
			t.Fatal(err)
		}
		if updated.Version != 2 || updated.Limits.ResolveWorkingDays != 2 {
			t.Fatalf("updated %+v", updated)
		}
		second.NameZh = "改名"
		if _, err := category.Update(ctx, db, second, admin); !errors.Is(err, category.ErrStaleVersion) {
			t.Fatalf("stale update: %v", err)
		}
		now, _ := category.Get(ctx, db, "noise.disturb")
		if now.NameZh != "噪音扰民" || now.Version != 2 {
			t.Fatalf("stale update changed the row: %+v", now)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: "category.update", Target: "category:noise.disturb"})
		if len(entries) != 1 || !strings.Contains(entries[0].Detail, "resolve 3 working days → reply 2h0m0s, resolve 2 working days") {
			t.Fatalf("audit = %+v", entries)
		}
		// A seeded route to a department not created here does not block
		// other edits; changing the route to an unknown department does.
		gas, _ := category.Get(ctx, db, "gas.leak")
		gas.NameEn = "Gas leak (smell of gas)"
		if gas, err = category.Update(ctx, db, gas, admin); err != nil {
			t.Fatalf("edit with an unchanged route to a missing department: %v", err)
		}
		gas.Route = category.Route{Level: category.LevelDepartment, Department: "nosuch"}
		if _, err := category.Update(ctx, db, gas, admin); !errors.Is(err, category.ErrInvalid) {
			t.Fatalf("route changed to an unknown department: %v", err)
		}
		// A class cannot move below itself.
		class, _ := category.Get(ctx, db, "event")
		class.ParentCode = "event.street_order"
		if _, err := category.Update(ctx, db, class, admin); !errors.Is(err, category.ErrInvalid) {
			t.Fatalf("cycle: %v", err)
		}
		missing := newLeaf()
		missing.Code, missing.Version = "no.such", 1
		if _, err := category.Update(ctx, db, missing, admin); !errors.Is(err, category.ErrNotFound) {
			t.Fatalf("update unknown: %v", err)
		}
		// Deactivated entries leave the default listing but stay readable.
		now.Active = false
		if _, err := category.Update(ctx, db, now, admin); err != nil {
			t.Fatal(err)
		}
		active, _ := category.List(ctx, db, false)
		all, _ := category.List(ctx, db, true)
		if len(all) != len(active)+1 {
			t.Fatalf("listing: %d active of %d", len(active), len(all))
		}
	})
}

func TestCheckAttributes(t *testing.T) {
	c := category.Category{Code: "x", Fields: []category.Field{
		{Code: "source", Name: "来源", Datatype: category.TypeSingleValueList, Required: true,
			Values: []category.FieldValue{{Key: "shop", Name: "商铺"}, {Key: "neighbour", Name: "邻居"}}},
		{Code: "tags", Name: "标签", Datatype: category.TypeMultiValueList,
			Values: []category.FieldValue{{Key: "a", Name: "A"}, {Key: "b", Name: "B"}}},
		{Code: "n", Name: "数量", Datatype: category.TypeNumber},
		{Code: "at", Name: "时间", Datatype: category.TypeDatetime},
		{Code: "s", Name: "编号", Datatype: category.TypeString},
	}}
	got, err := c.CheckAttributes(map[string]string{"source": " shop ", "tags": "b, a,b", "n": "03.50", "at": "2026-11-23T08:30:00+08:00", "s": ""})
	if err != nil {
		t.Fatal(err)
	}
	if got["source"] != "shop" || got["tags"] != "b,a" || got["n"] != "3.5" || got["at"] != "2026-11-23T08:30:00+08:00" || len(got) != 4 {
		t.Fatalf("cleaned = %v", got)
	}
	for name, attrs := range map[string]map[string]string{
		"missing required": {"n": "1"},
		"unknown code":     {"source": "shop", "colour": "red"},
		"bad list key":     {"source": "park"},
		"bad multi key":    {"source": "shop", "tags": "a,z"},
		"not a number":     {"source": "shop", "n": "three"},
		"not a time":       {"source": "shop", "at": "yesterday"},
		"two lines":        {"source": "shop", "s": "a\nb"},
	} {
		var ae *category.AttributeError
		if _, err := c.CheckAttributes(attrs); !errors.As(err, &ae) {
			t.Errorf("%s: err = %v, want AttributeError", name, err)
		}
	}
}

func TestParseRoute(t *testing.T) {
	for _, s := range []string{"grid", "street", "centre", "department:ranqi"} {
		r, err := category.ParseRoute(s)
		if err != nil || r.String() != s {
			t.Errorf("ParseRoute(%q) = %+v, %v", s, r, err)
		}
	}
	for _, s := range []string{"", "department:", "department:Gas Co", "city"} {
		if _, err := category.ParseRoute(s); !errors.Is(err, category.ErrInvalid) {
			t.Errorf("ParseRoute(%q) err = %v", s, err)
		}
	}
}
