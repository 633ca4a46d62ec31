package cli

import (
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/consultation"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// seedConsultation puts a draft 改不改 consultation on a 小区 of three
// flats of 210504002001 into the store in dir.
func seedConsultation(t *testing.T, dir string) int64 {
	t.Helper()
	ctx := context.Background()
	sf := storeFlags{data: dir}
	db, err := sf.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const community = "210504002001"
	ring := orb.Ring{{123.8, 41.3}, {123.81, 41.3}, {123.81, 41.31}, {123.8, 41.31}, {123.8, 41.3}}
	if _, err := grid.Import(ctx, db, []geo.GridFeature{{CommunityCode: community, Name: "一网格", Seq: 1, Geometry: orb.Polygon{ring}}}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ed := grid.CommandLine("210504")
	var id int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		e, err := address.CreateEstate(ctx, tx, ed, community, "民建小区")
		if err != nil {
			return err
		}
		b, err := grid.CreateBuilding(ctx, tx, grid.Building{GridCode: community + "001", Name: "1号楼", Lng: 123.805, Lat: 41.305, HasPoint: true})
		if err != nil {
			return err
		}
		u, err := grid.CreateUnit(ctx, tx, b.Code, "1单元")
		if err != nil {
			return err
		}
		if _, err := address.AddTree(ctx, tx, ed, address.TreeInput{Road: "民建路", DoorNo: "1", EstateID: e.ID, Building: b, Units: []grid.Unit{u},
			Rooms: func(grid.Unit) []address.RoomInput {
				var out []address.RoomInput
				for _, r := range []string{"101", "102", "201"} {
					out = append(out, address.RoomInput{RoomNo: r, House: &address.HouseInput{Use: address.UseOwn, AreaDM2: 6000}})
				}
				return out
			}}); err != nil {
			return err
		}
		prog, err := project.CreateProgramme(ctx, tx, ed, project.Programme{RegionCode: "210504", Year: 2022, Name: "2022年改造", Published: true})
		if err != nil {
			return err
		}
		p, err := project.Create(ctx, tx, ed, project.Input{ProgrammeID: prog.ID, Name: "配套", Scope: "配套基础设施", Level: "mid", BudgetFen: 100, EstateIDs: []int64{e.ID}, Published: true})
		if err != nil {
			return err
		}
		c, err := consultation.Create(ctx, tx, ed, consultation.Input{ProjectID: p.ID, EstateID: e.ID, Stage: "whether", Title: "改不改", Rule: consultation.RuleConsent}, time.Now())
		id = c.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestConsultCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	out, err := run(t, "", "consult", "list", "--data", dir, "--year", "2022")
	if err != nil || !strings.Contains(out, "0 consultations") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, err := run(t, "", "consult", "result", "--data", dir, "7"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("result of a consultation that does not exist: %v\n%s", err, out)
	}
	if out, err := run(t, "", "consult", "close", "--data", dir); err == nil {
		t.Fatalf("close without an id:\n%s", out)
	}
	id := seedConsultation(t, dir)
	sid := strconv.FormatInt(id, 10)
	out, err = run(t, "", "consult", "list", "--data", dir, "--year", "2022")
	if err != nil || !strings.Contains(out, "民建小区") || !strings.Contains(out, "未开始") || !strings.Contains(out, "1 consultations") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, err := run(t, "", "consult", "close", "--data", dir, sid); err == nil {
		t.Fatalf("closed a draft:\n%s", out)
	}
	if out, err := run(t, "", "consult", "open", "--data", dir, sid); err != nil || !strings.Contains(out, "征询中") {
		t.Fatalf("open: %v\n%s", err, out)
	}
	out, err = run(t, "", "consult", "codes", "--data", dir, sid)
	if err != nil {
		t.Fatalf("codes: %v\n%s", err, out)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || len(rows[1][2]) != 10 || !strings.Contains(rows[1][1], "民建路1号") {
		t.Fatalf("codes CSV (%v):\n%s", err, out)
	}
	// Two owners vote with their codes: 2 of 3 households is 2/3.
	sf := storeFlags{data: dir}
	db, err := sf.open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:3] {
		if _, err := consultation.CastByCode(context.Background(), db, id, r[2], consultation.BallotInput{Choice: "yes"}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if out, err := run(t, "", "consult", "close", "--data", dir, sid); err != nil || !strings.Contains(out, "已结束") {
		t.Fatalf("close: %v\n%s", err, out)
	}
	out, err = run(t, "", "consult", "result", "--data", dir, sid)
	if err != nil || !strings.Contains(out, "passed=true") || !strings.Contains(out, "180.00") || !strings.Contains(out, "120.00") {
		t.Fatalf("result: %v\n%s", err, out)
	}
}

func TestLivelihoodCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	out, err := run(t, "", "livelihood", "add", "--data", dir, "--region", "210504", "--year", "2022", "--title", "新增停车位",
		"--target", "1480", "--unit", "个", "--lead", "区住建局", "--deadline", "2022-12-31", "--publish")
	if err != nil || !strings.Contains(out, "2022年第1项 新增停车位 1480个") {
		t.Fatalf("add: %v\n%s", err, out)
	}
	if out, err := run(t, "", "livelihood", "add", "--data", dir, "--region", "210504", "--year", "2022", "--title", "x",
		"--target", "0", "--unit", "个", "--lead", "区住建局", "--deadline", "2022-12-31"); err == nil {
		t.Fatalf("a target of 0 was accepted:\n%s", out)
	}
	evidence := dir + "/q2.txt"
	if err := os.WriteFile(evidence, []byte("验收单"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "", "livelihood", "report", "--data", dir, "--region", "210504", "--item", "1", "--quarter", "2", "--done", "740",
		"--note", "上半年完成过半", "--evidence", evidence); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if out, err := run(t, "", "livelihood", "report", "--data", dir, "--region", "210504", "--item", "1", "--quarter", "3", "--done", "700",
		"--note", "少于上季度"); err == nil {
		t.Fatalf("a cumulative figure below the last quarter's was accepted:\n%s", out)
	}
	out, err = run(t, "", "livelihood", "list", "--data", dir, "--region", "210504", "--year", "2022")
	if err != nil || !strings.Contains(out, "新增停车位") || !strings.Contains(out, "740") || !strings.Contains(out, "1 items") {
		t.Fatalf("list: %v\n%s", err, out)
	}
}
