package demo_test

import (
	"context"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/store"
)

// checkGridbase: every building and unit has its standard address, flats
// have houses with areas, every grid has a 网格长 and a 网格员, every
// building of the demo community a 楼长, and the search finds a flat.
func checkGridbase(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(what, query string) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return n
	}
	if n := count("urban buildings without an address", `SELECT COUNT(*) FROM buildings b WHERE b.name LIKE '%楼'
		AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.building_code = b.code AND a.level = 'building')`); n != 0 {
		t.Errorf("%d urban buildings have no standard address", n)
	}
	if n := count("units without an address", `SELECT COUNT(*) FROM units u
		WHERE NOT EXISTS (SELECT 1 FROM addresses a WHERE a.unit_code = u.code AND a.level = 'unit')`); n != 0 {
		t.Errorf("%d units have no standard address", n)
	}
	if n := count("addresses outside their building's grid", `SELECT COUNT(*) FROM addresses a JOIN buildings b ON b.code = a.building_code
		WHERE a.grid_code <> b.grid_code`); n != 0 {
		t.Errorf("%d addresses lie outside their building's grid", n)
	}
	if n := count("units", `SELECT COUNT(*) FROM org_units`); n < 300 {
		t.Errorf("%d 实有单位, want hundreds along the streets", n)
	}
	if n := count("schools", `SELECT COUNT(*) FROM org_units WHERE kind = 'school' AND credit_code LIKE '12%'`); n == 0 {
		t.Errorf("no school with a 事业单位 credit code")
	}
	for _, kind := range []string{"0109", "0112", "0113"} { // streetlights, cameras, 门禁
		if n := count("facilities "+kind, `SELECT COUNT(*) FROM facilities WHERE kind = '`+kind+`'`); n < 20 {
			t.Errorf("%d facilities of kind %s in the demo community", n, kind)
		}
	}
	if n := count("damaged facilities", `SELECT COUNT(*) FROM facilities WHERE state = 'damaged'`); n == 0 {
		t.Errorf("no damaged facility to repair")
	}
	if n := count("houses", `SELECT COUNT(*) FROM houses WHERE area_dm2 > 0`); n < 10000 {
		t.Errorf("%d houses, want tens of thousands", n)
	}
	if n := count("rented houses", `SELECT COUNT(*) FROM houses WHERE house_use = 'rent' AND tenant_count > 0 AND lease_start <> ''`); n == 0 {
		t.Error("no rented houses")
	}
	if n := count("grids without a head", `SELECT COUNT(*) FROM grids g WHERE NOT EXISTS
		(SELECT 1 FROM grid_members m WHERE m.grid_code = g.code AND m.role = 'head')`); n != 0 {
		t.Errorf("%d grids without a 网格长", n)
	}
	if n := count("grids without a worker", `SELECT COUNT(*) FROM grids g WHERE NOT EXISTS
		(SELECT 1 FROM grid_members m WHERE m.grid_code = g.code AND m.role = 'worker')`); n != 0 {
		t.Errorf("%d grids without a 网格员", n)
	}
	if n := count("demo community buildings without a 楼长", `SELECT COUNT(*) FROM buildings b
		WHERE b.grid_code LIKE (SELECT SUBSTR(MIN(code), 1, 12) FROM grids) || '%' AND b.name LIKE '%楼'
		AND NOT EXISTS (SELECT 1 FROM building_members m WHERE m.building_code = b.code AND m.role = 'building')`); n != 0 {
		t.Errorf("%d buildings of the demo community without a 楼长", n)
	}
	// 实有人口 of the demo community: people in proportion to the lived-in
	// flats, households with one head, owners, 流动人口 in rented flats.
	if n := count("people", `SELECT COUNT(*) FROM people`); n < 5000 {
		t.Errorf("%d people in the demo community, want thousands", n)
	}
	if n := count("households without exactly one head", `SELECT COUNT(*) FROM households h WHERE
		(SELECT COUNT(*) FROM household_members m WHERE m.household_id = h.id AND m.relation = 'head') <> 1`); n != 0 {
		t.Errorf("%d households without exactly one 户主", n)
	}
	if n := count("floating people in rented flats", `SELECT COUNT(*) FROM people p JOIN houses h ON h.id = p.house_id
		WHERE p.residence = 'floating' AND h.house_use = 'rent'`); n < 100 {
		t.Errorf("%d 流动人口 in rented flats", n)
	}
	if n := count("people owning two flats or more", `SELECT COUNT(*) FROM (SELECT person_id FROM house_owners
		GROUP BY person_id HAVING COUNT(*) > 1) o`); n == 0 {
		t.Error("nobody owns more than one flat")
	}
	if n := count("people in empty flats", `SELECT COUNT(*) FROM people p JOIN houses h ON h.id = p.house_id WHERE h.house_use = 'vacant'`); n != 0 {
		t.Errorf("%d people live in vacant flats", n)
	}
	var text, gridCode string
	if err := db.QueryRowContext(ctx, `SELECT full_text, grid_code FROM addresses WHERE level = 'room' ORDER BY id LIMIT 1`).Scan(&text, &gridCode); err != nil {
		t.Fatal(err)
	}
	svc, err := address.NewService(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.Resolve(ctx, text)
	if err != nil || m.Text != text || m.GridCode != gridCode {
		t.Errorf("Resolve(%q) = %+v, %v", text, m, err)
	}
}
