package project_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/imagemeta"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/testsupport"

	"github.com/paulmach/orb"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

const (
	district = "210504"
	streetA  = "210504002"
	streetB  = "210504003"
	communA  = "210504002001"
	communB  = "210504003001"
)

type world struct {
	estateA, estateB int64
	bldA             []string // two buildings in A, 2 units × 3 flats each = 6 houses each
	bldB             string   // one in B, 1 unit × 3 flats
	admin            grid.Editor
	streetEdA        grid.Editor
	streetB          auth.Scope
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	const u = 0.001
	return orb.Polygon{orb.Ring{{123 + x0*u, 41 + y0*u}, {123 + x1*u, 41 + y0*u}, {123 + x1*u, 41 + y1*u}, {123 + x0*u, 41 + y1*u}, {123 + x0*u, 41 + y0*u}}}
}

func seed(t *testing.T, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""}, {"2105", "本溪市", "city", "21"}, {district, "明山区", "district", "2105"},
		{streetA, "北地街道", "street", district}, {communA, "永光社区", "community", streetA},
		{streetB, "新明街道", "street", district}, {communB, "新明社区", "community", streetB},
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
	w := world{admin: grid.CommandLine(district)}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		add := func(community, gridCode, name string, units int, door string) (int64, string, error) {
			var estate int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM estates WHERE community_code = ?`, community).Scan(&estate)
			if store.IsNoRows(err) {
				e, err := address.CreateEstate(ctx, tx, w.admin, community, map[string]string{communA: "永光小区", communB: "新明小区"}[community])
				if err != nil {
					return 0, "", err
				}
				estate = e.ID
			} else if err != nil {
				return 0, "", err
			}
			lng := 123.001
			if community == communB {
				lng = 123.011
			}
			b, err := grid.CreateBuilding(ctx, tx, grid.Building{GridCode: gridCode, Name: name, Lng: lng, Lat: 41.001, HasPoint: true})
			if err != nil {
				return 0, "", err
			}
			var us []grid.Unit
			for i := 1; i <= units; i++ {
				u, err := grid.CreateUnit(ctx, tx, b.Code, string(rune('0'+i))+"单元")
				if err != nil {
					return 0, "", err
				}
				us = append(us, u)
			}
			_, err = address.AddTree(ctx, tx, w.admin, address.TreeInput{Road: "永光路", DoorNo: door, EstateID: estate, Building: b, Units: us,
				Rooms: func(grid.Unit) []address.RoomInput {
					var out []address.RoomInput
					for _, r := range []string{"101", "102", "201"} {
						out = append(out, address.RoomInput{RoomNo: r, House: &address.HouseInput{Use: address.UseOwn, AreaDM2: 8000}})
					}
					return out
				}})
			return estate, b.Code, err
		}
		var err error
		var b string
		for i, name := range []string{"1号楼", "2号楼"} {
			if w.estateA, b, err = add(communA, communA+"001", name, 2, string(rune('1'+i))); err != nil {
				return err
			}
			w.bldA = append(w.bldA, b)
		}
		w.estateB, w.bldB, err = add(communB, communB+"001", "1号楼", 1, "9")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := project.SeedCatalogues(ctx, db, w.admin); err != nil {
		t.Fatal(err)
	}
	w.streetEdA = grid.Editor{Role: auth.RoleStreet, Scope: auth.ScopeOf(auth.User{ID: 7, Role: auth.RoleStreet, NodeCode: streetA}, "")}
	w.streetB = auth.ScopeOf(auth.User{ID: 8, Role: auth.RoleStreet, NodeCode: streetB}, "")
	return w
}

func wan(t *testing.T, s string) int64 {
	n, err := project.ParseWan(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func create(t *testing.T, db *store.DB, ed grid.Editor, in project.Input) (project.Project, error) {
	var p project.Project
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		p, err = project.Create(context.Background(), tx, ed, in)
		return err
	})
	return p, err
}

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		fen  int64
		wan  string
		fail bool
	}{
		{"1946.13", 1946130000, "1946.13", false}, {"7874.97", 7874970000, "7874.97", false}, {"0.000001", 1, "0.00", false},
		{"2925", 2925000000, "2925.00", false}, {"1.0000005", 0, "", true}, {"-1", 0, "", true}, {"1e3", 0, "", true}, {"", 0, "", true},
	} {
		fen, err := project.ParseWan(c.in)
		if c.fail {
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("ParseWan(%q) = %d, %v; want invalid", c.in, fen, err)
			}
			continue
		}
		if err != nil || fen != c.fen || project.Wan(fen) != c.wan {
			t.Errorf("ParseWan(%q) = %d (%s), %v; want %d (%s)", c.in, fen, project.Wan(fen), err, c.fen, c.wan)
		}
	}
	if got := project.Wan(4999); got != "0.00" {
		t.Errorf("Wan(4999) = %s", got)
	}
	if got := project.Wan(5000); got != "0.01" {
		t.Errorf("Wan(5000) = %s, rounds half up", got)
	}
}

func TestProjectsTotalsScopeAndRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		prog, err := project.CreateProgramme(ctx, db, w.admin, project.Programme{RegionCode: district, Year: 2022, Name: "2022年改造", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		// Funding that does not add up to the declared total is refused and writes nothing.
		_, err = create(t, db, w.admin, project.Input{ProgrammeID: prog.ID, Name: "楼本体", Scope: "楼本体", Level: "high",
			BudgetFen: wan(t, "100"), EstateIDs: []int64{w.estateA}, Funding: map[string]int64{"central": wan(t, "60"), "local": wan(t, "39.99")}})
		if !errors.Is(err, project.ErrInvalid) || !strings.Contains(err.Error(), "99.99") || !strings.Contains(err.Error(), "与总投资") {
			t.Fatalf("funding short by 100 元: %v", err)
		}
		if ps, _ := project.List(ctx, db, w.admin.Scope, 0); len(ps) != 0 {
			t.Fatalf("a refused project was stored: %d", len(ps))
		}
		// A building outside the chosen 小区 is refused.
		if _, err := create(t, db, w.admin, project.Input{ProgrammeID: prog.ID, Name: "x", Scope: "楼本体", Level: "mid",
			BudgetFen: 1, EstateIDs: []int64{w.estateA}, Buildings: []string{w.bldB}}); !errors.Is(err, project.ErrInvalid) {
			t.Fatalf("building of another 小区: %v", err)
		}
		// A street cannot create in another street's 小区 (not found).
		if _, err := create(t, db, w.streetEdA, project.Input{ProgrammeID: prog.ID, Name: "x", Scope: "楼本体", Level: "mid",
			BudgetFen: 1, EstateIDs: []int64{w.estateB}}); !errors.Is(err, project.ErrNotFound) {
			t.Fatalf("other street's 小区: %v", err)
		}
		p1, err := create(t, db, w.streetEdA, project.Input{ProgrammeID: prog.ID, Name: "楼本体", Scope: "楼本体", Level: "high",
			BudgetFen: wan(t, "100"), EstateIDs: []int64{w.estateA}, Buildings: []string{w.bldA[0]}, Published: true,
			Funding: map[string]int64{"central": wan(t, "60"), "local": wan(t, "40")}})
		if err != nil {
			t.Fatal(err)
		}
		if p1.Households != 6 || len(p1.Buildings) != 1 || p1.FundedFen != p1.BudgetFen {
			t.Fatalf("p1: %d households, %d buildings, funded %d", p1.Households, len(p1.Buildings), p1.FundedFen)
		}
		// The second covers both 小区, every building (A's two, B's one), and is not published.
		p2, err := create(t, db, w.admin, project.Input{ProgrammeID: prog.ID, Name: "配套", Scope: "配套基础设施", Level: "mid",
			BudgetFen: wan(t, "50.5"), EstateIDs: []int64{w.estateA, w.estateB}})
		if err != nil {
			t.Fatal(err)
		}
		if p2.Households != 15 || len(p2.Buildings) != 3 {
			t.Fatalf("p2: %d households, %d buildings", p2.Households, len(p2.Buildings))
		}
		s, err := project.Summary(ctx, db, w.admin.Scope, 2022)
		if err != nil {
			t.Fatal(err)
		}
		// Distinct: A's first building is in both projects.
		if s.Totals.Households != 15 || s.Totals.Buildings != 3 || s.Totals.Compounds != 2 || s.Totals.BudgetFen != wan(t, "150.5") {
			t.Fatalf("totals %+v", s.Totals)
		}
		if len(s.Money.ByStreet) != 2 || s.Money.ByStreet[0].Key != streetA || s.Money.ByStreet[1].Key != "multi" {
			t.Fatalf("by street %+v", s.Money.ByStreet)
		}
		// The public sees only the published project.
		pub, err := project.Summary(ctx, db, auth.Scope{}, 2022)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.Projects) != 1 || pub.Projects[0].ID != p1.ID || pub.Totals.Households != 6 {
			t.Fatalf("public sees %d projects, %d households", len(pub.Projects), pub.Totals.Households)
		}
		if _, err := project.Get(ctx, db, auth.Scope{}, p2.ID); !errors.Is(err, project.ErrNotFound) {
			t.Fatalf("public get of unpublished: %v", err)
		}
		// Street B sees p2 (one of its 小区) but not p1.
		if _, err := project.Get(ctx, db, w.streetB, p1.ID); !errors.Is(err, project.ErrNotFound) {
			t.Fatalf("street B reads street A's project: %v", err)
		}
		if ps, _ := project.List(ctx, db, w.streetB, 2022); len(ps) != 1 || ps[0].ID != p2.ID {
			t.Fatalf("street B lists %v", ps)
		}
		// Indicators roll up by street from the 小区 they were recorded in.
		ins, _ := project.Indicators(ctx, db)
		cam := ins[3] // 监控点位
		for _, o := range []struct {
			estate, q int64
		}{{w.estateA, 7}, {w.estateB, 5}} {
			if err := project.RecordOutput(ctx, db, w.admin, p2.ID, cam.ID, o.estate, o.q); err != nil {
				t.Fatal(err)
			}
		}
		if err := project.RecordOutput(ctx, db, w.admin, p1.ID, cam.ID, w.estateB, 1); !errors.Is(err, project.ErrInvalid) {
			t.Fatalf("output in a 小区 the project does not cover: %v", err)
		}
		all, byStreet, err := project.IndicatorTotals(ctx, db, []project.Project{mustGet(t, db, p2.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if all[3].Quantity != 12 || len(byStreet) != 2 || byStreet[0].Totals[3].Quantity != 7 || byStreet[1].Totals[3].Quantity != 5 {
			t.Fatalf("indicators %v by street %v", all[3], byStreet)
		}
	})
}

func mustGet(t *testing.T, db *store.DB, id int64) project.Project {
	t.Helper()
	p, err := project.Get(context.Background(), db, grid.CommandLine(district).Scope, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// geotagged is a JPEG with an EXIF GPS position (41°18'36"N 123°46'12"E)
// and an original date.
func geotagged(t *testing.T) []byte {
	t.Helper()
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var tiff []byte
	u16 := func(v uint16) { tiff = le.AppendUint16(tiff, v) }
	u32 := func(v uint32) { tiff = le.AppendUint32(tiff, v) }
	entry := func(tag, typ uint16, count, val uint32) { u16(tag); u16(typ); u32(count); u32(val) }
	tiff = append(tiff, "II*\x00"...)
	u32(8)
	// IFD0 at 8: 2 entries → ends at 8+2+24+4 = 38.
	u16(2)
	entry(0x8769, 4, 1, 38) // Exif IFD
	entry(0x8825, 4, 1, 56) // GPS IFD
	u32(0)
	// Exif IFD at 38: 1 entry → ends at 56; date at 110.
	u16(1)
	entry(0x9003, 2, 20, 110)
	u32(0)
	// GPS IFD at 56: 4 entries → ends at 110; date 110..130; lat 130, lng 154.
	u16(4)
	entry(1, 2, 2, uint32('N'))
	entry(2, 5, 3, 130)
	entry(3, 2, 2, uint32('E'))
	entry(4, 5, 3, 154)
	u32(0)
	tiff = append(tiff, "2022:09:15 10:30:00\x00"...)
	for _, v := range []uint32{41, 1, 18, 1, 36, 1, 123, 1, 46, 1, 12, 1} {
		u32(v)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(app1)+2))
	out = append(out, app1...)
	return append(out, img.Bytes()[2:]...)
}

func TestSectionProgressReadsGPSAndStripsIt(t *testing.T) {
	photo := geotagged(t)
	if g := imagemeta.ReadGeotag(photo, time.UTC); !g.HasPoint || math.Abs(g.Lat-41.31) > 1e-9 || math.Abs(g.Lng-123.77) > 1e-9 || !g.HasTime {
		t.Fatalf("geotag of the test photo: %+v", g)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		prog, _ := project.CreateProgramme(ctx, db, w.admin, project.Programme{RegionCode: district, Year: 2022, Name: "2022年改造"})
		p, err := create(t, db, w.admin, project.Input{ProgrammeID: prog.ID, Name: "燃气", Scope: "燃气管网", Level: "low",
			BudgetFen: wan(t, "10"), EstateIDs: []int64{w.estateA}})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := project.CreateSection(ctx, db, w.admin, p.ID, project.SectionInput{Name: "一标段", Contractor: "甲公司", Supervisor: "乙监理",
			ContractFen: wan(t, "9"), PlannedStart: "2022-05-01", PlannedEnd: "2022-10-31",
			Milestones: map[string]string{"start": "2022-05-01", "finish": "2022-10-31"}})
		if err != nil {
			t.Fatal(err)
		}
		up := project.Uploads(t.TempDir())
		now := time.Date(2022, 9, 16, 2, 0, 0, 0, time.UTC)
		if _, err := project.ReportProgress(ctx, db, w.admin, up, sec.ID, project.ReportInput{Progress: 101, Stage: "during"}, now); !errors.Is(err, project.ErrInvalid) || !strings.Contains(err.Error(), "0 至 100") {
			t.Fatalf("progress 101: %v", err)
		}
		r, err := project.ReportProgress(ctx, db, w.admin, up, sec.ID, project.ReportInput{Progress: 60, Stage: "during", Photo: photo}, now)
		if err != nil {
			t.Fatal(err)
		}
		if !r.HasPoint || math.Abs(r.Lat-41.31) > 1e-9 || r.TakenAt.IsZero() {
			t.Fatalf("report %+v", r)
		}
		stored, err := os.ReadFile(string(up) + "/" + r.PhotoSHA256[:2] + "/" + r.PhotoSHA256[2:4] + "/" + r.PhotoSHA256)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte("Exif")) || imagemeta.ReadGeotag(stored, time.UTC).HasPoint {
			t.Fatal("the stored photo still carries its EXIF")
		}
		reps, err := project.Reports(ctx, db, w.admin.Scope, p.ID)
		if err != nil || len(reps) != 1 || !reps[0].HasPoint || reps[0].Progress != 60 {
			t.Fatalf("reports %+v %v", reps, err)
		}
		// 开工 done, 竣工 not: late after 31 October, not before.
		if err := project.CompleteMilestone(ctx, db, w.admin, sec.ID, "start", "2022-05-03"); err != nil {
			t.Fatal(err)
		}
		if late, _ := project.Overdue(ctx, db, w.admin.Scope, "2022-10-31"); len(late) != 0 {
			t.Fatalf("late on the planned day: %v", late)
		}
		late, err := project.Overdue(ctx, db, w.admin.Scope, "2022-11-01")
		if err != nil || len(late) != 1 || len(late[0].Late) != 1 || late[0].Late[0].Kind != "finish" {
			t.Fatalf("overdue the day after: %+v %v", late, err)
		}
		if late, _ := project.Overdue(ctx, db, w.streetB, "2022-11-01"); len(late) != 0 {
			t.Fatal("another street sees the late section")
		}
		got := mustGet(t, db, p.ID)
		if got.Progress != 60 || got.Sections[0].ActualStart != "2022-05-03" {
			t.Fatalf("project progress %d, start %q", got.Progress, got.Sections[0].ActualStart)
		}
	})
}

func TestLivelihoodItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		now := time.Date(2022, 7, 1, 2, 0, 0, 0, time.UTC)
		it, err := project.AddItem(ctx, db, w.admin, project.Item{RegionCode: district, Year: 2022, Title: "新增停车位", TargetQuantity: 400,
			Unit: "个", LeadDepartment: "区住建局", Deadline: "2022-12-31", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := project.AddItem(ctx, db, w.admin, project.Item{RegionCode: district, Year: 2022, Title: "内部事项", TargetQuantity: 1,
			Unit: "项", LeadDepartment: "区政府办", Deadline: "2022-12-31"})
		if err != nil || hidden.Seq != 2 {
			t.Fatalf("second item: %+v %v", hidden, err)
		}
		up := project.Uploads(t.TempDir())
		if err := project.ReportQuarter(ctx, db, w.admin, up, it.ID, project.ItemReport{Quarter: 2, DoneQuantity: 150, Note: "已建成150个"}, []byte("%PDF-1.4 minutes"), now); err != nil {
			t.Fatal(err)
		}
		if err := project.ReportQuarter(ctx, db, w.admin, up, it.ID, project.ItemReport{Quarter: 3, DoneQuantity: 100, Note: "x"}, nil, now); !errors.Is(err, project.ErrInvalid) {
			t.Fatalf("a cumulative figure going down: %v", err)
		}
		if err := project.ReportQuarter(ctx, db, w.admin, up, it.ID, project.ItemReport{Quarter: 5, DoneQuantity: 200, Note: "x"}, nil, now); !errors.Is(err, project.ErrInvalid) {
			t.Fatalf("quarter 5: %v", err)
		}
		if err := project.ReportQuarter(ctx, db, grid.Editor{Role: auth.RoleGrid, Scope: w.admin.Scope}, up, it.ID, project.ItemReport{Quarter: 3, DoneQuantity: 300, Note: "x"}, nil, now); !errors.Is(err, project.ErrForbidden) {
			t.Fatalf("a grid worker reports: %v", err)
		}
		pub, err := project.Items(ctx, db, auth.Scope{}, 2022)
		if err != nil || len(pub) != 1 {
			t.Fatalf("public items %v %v", pub, err)
		}
		got := pub[0]
		if got.Done != 150 || got.Percent() != 37 || got.StatusOn("2022-07-01") != "进行中" || got.StatusOn("2023-01-01") != "已逾期" ||
			got.Reports[0].EvidenceSHA == "" {
			t.Fatalf("item %+v", got)
		}
		staff, _ := project.Items(ctx, db, w.admin.Scope, 2022)
		if len(staff) != 2 {
			t.Fatalf("staff see %d items", len(staff))
		}
	})
}
