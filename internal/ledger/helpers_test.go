package ledger_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/facility"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/ledger"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

const (
	street  = "210504002"
	communA = "210504002001"
	communB = "210504003001"
	lng0    = 123.77
	lat0    = 41.30
	u       = 0.001
)

var now = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

type world struct {
	db               *store.DB
	svc              *ledger.Service
	gridA, gridB     string
	buildA, buildB   string // 3号楼 on 胜利路1号 (A), 1号楼 on 新明路11号 (B)
	actors           map[string]ledger.Actor
	houseA1, houseA2 string // room addresses of houses in A, as the people ledger names them
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

// idn makes a valid resident ID number from a sequence number.
func idn(seq int) string {
	first := fmt.Sprintf("210504198%01d0101%03d", seq/1000%10, seq%1000)
	return first + string(people.CheckChar(first))
}

// seed writes two communities in two streets, a grid and a building with
// one unit in each, two houses in A, and the actors of several roles.
func seed(t testing.TB, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""}, {"2105", "本溪市", "city", "21"}, {"210504", "明山区", "district", "2105"},
		{street, "东兴街道", "street", "210504"}, {communA, "东兴社区", "community", street},
		{"210504003", "新明街道", "street", "210504"}, {communB, "新明社区", "community", "210504003"},
	} {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, r.name, r.name, r.level, parent); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := grid.Import(ctx, db, []geo.GridFeature{
		{Index: 0, CommunityCode: communA, Name: "一网格", Seq: 1, Geometry: rect(0, 0, 4, 4)},
		{Index: 1, CommunityCode: communB, Name: "新一网格", Seq: 1, Geometry: rect(10, 0, 14, 4)},
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	w := world{db: db, gridA: communA + "001", gridB: communB + "001", actors: map[string]ledger.Actor{}}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	asvc, err := address.NewService(ctx, db, loc)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(gridCode, name string, x float64) string {
		b, err := grid.CreateBuilding(ctx, db, grid.Building{GridCode: gridCode, Name: name, Lng: lng0 + x*u, Lat: lat0 + u, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := grid.CreateUnit(ctx, db, b.Code, "1单元"); err != nil {
			t.Fatal(err)
		}
		return b.Code
	}
	w.buildA, w.buildB = mk(w.gridA, "3号楼", 1), mk(w.gridB, "1号楼", 11)
	for _, x := range []struct{ name, role, node string }{
		{"admin", auth.RoleAdmin, "21"}, {"street", auth.RoleStreet, street}, {"communitya", auth.RoleCommunity, communA},
		{"communityb", auth.RoleCommunity, communB}, {"leader", auth.RoleLeader, "210504"},
	} {
		us, err := auth.CreateUser(ctx, db, auth.NewUser{Username: x.name, Role: x.role, NodeCode: x.node, Password: "correct horse battery 42"}, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		scope, err := auth.ScopeForUser(ctx, db, us)
		if err != nil {
			t.Fatal(err)
		}
		if w.actors[x.name], err = ledger.ActorFor(ctx, db, us, scope, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	w.svc = &ledger.Service{DB: db, People: people.New(db, keys, func() time.Time { return now }),
		Units: &orgunit.Service{DB: db, Keys: keys, Addresses: asvc}, Facilities: &facility.Service{DB: db, Locator: loc},
		Addresses: asvc, Locator: loc, Now: func() time.Time { return now }}
	// Two houses in A through the houses ledger itself.
	rep := w.mustImport(t, "communitya", "houses", csvOf(
		"街路巷,门牌号,楼栋编码,单元号,户室号,房屋用途,建筑面积,租住人数,租期开始,租期结束",
		"胜利路,1,"+w.buildA+",1,101,自住,89.5,,,",
		"胜利路,1号,"+w.buildA+",1,102,出租,60,2,2026-01-01,2027-01-01",
	))
	if rep.Added != 2 {
		t.Fatalf("seed houses: %+v", rep)
	}
	w.houseA1, w.houseA2 = "胜利路1号3栋1单元101室", "明山区东兴街道胜利路1号3栋1单元102室"
	return w
}

func csvOf(lines ...string) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.Bytes()
}

// xlsxOf writes rows (the first the header) into a workbook's first sheet.
func xlsxOf(t testing.TB, rows ...[]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (w world) importAs(who, ledgerName string, file []byte, dry bool) (ledger.Report, error) {
	return w.svc.Import(context.Background(), w.actors[who], ledgerName, bytes.NewReader(file), dry)
}

func (w world) mustImport(t testing.TB, who, ledgerName string, file []byte) ledger.Report {
	t.Helper()
	rep, err := w.importAs(who, ledgerName, file, false)
	if err != nil {
		t.Fatalf("import %s as %s: %v", ledgerName, who, err)
	}
	return rep
}

func (w world) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
