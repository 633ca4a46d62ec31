package ui_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// projectWorld puts a published project on three buildings of 民建社区 of
// the demo district: a 小区 with addresses and houses, a 标段 with a
// geotagged progress photo, an overdue milestone and output figures.
type projectWorld struct {
	estate, project int64
	households      int
}

func seedProjectWorld(t *testing.T, db *store.DB, dataDir string) projectWorld {
	t.Helper()
	ctx := context.Background()
	ed := grid.CommandLine("210504")
	const community = "210504005005" // 民建社区, 明山街道
	var w projectWorld
	err := db.InTx(ctx, func(tx *store.Tx) error {
		e, err := address.CreateEstate(ctx, tx, ed, community, "民建小区")
		if err != nil {
			return err
		}
		w.estate = e.ID
		rows, err := tx.QueryContext(ctx, `SELECT code FROM buildings WHERE grid_code LIKE ? AND name LIKE '%楼' ORDER BY code LIMIT 3`, community+"%")
		if err != nil {
			return err
		}
		var codes []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			codes = append(codes, c)
		}
		rows.Close()
		if len(codes) != 3 {
			return fmt.Errorf("民建社区 has %d urban buildings", len(codes))
		}
		for i, c := range codes {
			b, err := grid.GetBuilding(ctx, tx, c)
			if err != nil {
				return err
			}
			units, err := grid.ListUnits(ctx, tx, c)
			if err != nil {
				return err
			}
			res, err := address.AddTree(ctx, tx, ed, address.TreeInput{Road: "民建路", DoorNo: fmt.Sprint(i + 1), EstateID: e.ID, Building: b, Units: units,
				Rooms: func(grid.Unit) []address.RoomInput {
					var out []address.RoomInput
					for _, r := range []string{"101", "102", "201", "202"} {
						out = append(out, address.RoomInput{RoomNo: r, House: &address.HouseInput{Use: address.UseOwn, AreaDM2: 7500}})
					}
					return out
				}})
			if err != nil {
				return err
			}
			w.households += res.Houses
		}
		if err := project.SeedCatalogues(ctx, tx, ed); err != nil {
			return err
		}
		prog, err := project.CreateProgramme(ctx, tx, ed, project.Programme{RegionCode: "210504", Year: 2022, Name: "2022年明山区老旧小区改造", Published: true})
		if err != nil {
			return err
		}
		items, _ := project.WorkItems(ctx, tx)
		p, err := project.Create(ctx, tx, ed, project.Input{ProgrammeID: prog.ID, Name: "配套基础设施建设项目", Scope: "配套基础设施", Level: "mid",
			BudgetFen: 3003840000, EstateIDs: []int64{e.ID}, WorkItems: []int64{items[7].ID, items[8].ID, items[12].ID, items[14].ID},
			Funding: map[string]int64{"central": 2000000000, "local": 1003840000}, Published: true,
			Summary: "小区道路、路灯、视频监控和健身器材。"})
		if err != nil {
			return err
		}
		w.project = p.ID
		ins, _ := project.Indicators(ctx, tx)
		for _, o := range []struct {
			i int
			q int64
		}{{0, 3200}, {3, 14}} {
			if err := project.RecordOutput(ctx, tx, ed, p.ID, ins[o.i].ID, e.ID, o.q); err != nil {
				return err
			}
		}
		sec, err := project.CreateSection(ctx, tx, ed, p.ID, project.SectionInput{Name: "配套设施一标段", Contractor: "辽宁恒远市政工程有限公司",
			Supervisor: "辽宁华诚工程监理有限公司", ContractFen: 1510000000, PlannedStart: "2022-05-10", PlannedEnd: "2022-10-20",
			Milestones: map[string]string{"approve": "2022-02-20", "tender": "2022-04-25", "start": "2022-05-10", "finish": "2022-10-20"}})
		if err != nil {
			return err
		}
		for _, k := range []string{"approve", "tender", "start"} {
			if err := project.CompleteMilestone(ctx, tx, ed, sec.ID, k, "2022-05-10"); err != nil {
				return err
			}
		}
		_, err = project.ReportProgress(ctx, tx, ed, project.Uploads(filepath.Join(dataDir, "uploads")), sec.ID,
			project.ReportInput{Progress: 65, Stage: "during", Note: "道路铺装", Photo: sitePhoto(t)}, time.Date(2022, 9, 15, 2, 0, 0, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// sitePhoto is a JPEG with EXIF GPS, as a phone writes it.
func sitePhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{uint8(120 + x/4), uint8(110 + y/3), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var tiff []byte
	u16 := func(v uint16) { tiff = le.AppendUint16(tiff, v) }
	u32 := func(v uint32) { tiff = le.AppendUint32(tiff, v) }
	entry := func(tag, typ uint16, count, val uint32) { u16(tag); u16(typ); u32(count); u32(val) }
	tiff = append(tiff, "II*\x00"...)
	u32(8)
	u16(1)
	entry(0x8825, 4, 1, 26)
	u32(0)
	u16(4) // GPS IFD at 26, ends at 80; lat 80, lng 104
	entry(1, 2, 2, uint32('N'))
	entry(2, 5, 3, 80)
	entry(3, 2, 2, uint32('E'))
	entry(4, 5, 3, 104)
	u32(0)
	for _, v := range []uint32{41, 1, 17, 1, 30, 1, 123, 1, 48, 1, 0, 1} {
		u32(v)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(app1)+2))
	out = append(out, app1...)
	return append(out, buf.Bytes()[2:]...)
}

// TestBrowserProjectEstatePage: on a phone, a resident opens the 小区's
// renovation page (map, work, progress, photo, contractor, budget), files
// a 施工扰民 problem that becomes an order linked to the project, and staff
// then see that order on the page. Screenshots project-*.png.
func TestBrowserProjectEstatePage(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "project browser screenshots: %s\n", shots)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)

	if status := b.open("/public/projects?year=2022"); status != 200 {
		t.Fatalf("/public/projects answered %d", status)
	}
	if got := b.text(`#project-totals [data-figure=households] strong`); got != fmt.Sprint(w.households) {
		t.Fatalf("households on the year page = %q, want %d (from the houses)", got, w.households)
	}
	if got := b.text(`#project-totals [data-figure=budget] strong`); got != "3003.84" {
		t.Fatalf("budget = %q", got)
	}
	noSidewaysScroll(t, b, "projects")
	b.screenshot("project-year")

	path := fmt.Sprintf("/public/projects/estates/%d", w.estate)
	if status := b.open(path); status != 200 {
		t.Fatalf("%s answered %d", path, status)
	}
	b.waitVisible("#project-map.leaflet-container")
	if n := evalIn[int](b, `document.querySelectorAll('#project-map path.leaflet-interactive').length`); n != 3 {
		t.Fatalf("the map shows %d buildings, want 3", n)
	}
	if ok := evalIn[bool](b, `(() => { const i = document.querySelector('.project-photos img'); return !!i && i.complete && i.naturalWidth === 320; })()`); !ok {
		t.Fatal("the progress photo does not load")
	}
	body := b.text("main")
	for _, want := range []string{"辽宁恒远市政工程有限公司", "辽宁华诚工程监理有限公司", "3003.84", "65%", "已逾期", "基础类", "监控点位"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	noSidewaysScroll(t, b, "project estate")
	b.screenshot("project-estate-top")
	b.do("scroll to the report form", chromedp.ScrollIntoView(chromedp.CSS("#report")))
	b.screenshot("project-estate-report")

	// A too-short description is refused with a message, nothing filed.
	b.do("pick 施工扬尘", chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "dust"))
	b.do("type", chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "灰大"))
	evalIn[bool](b, `document.querySelector('textarea[name=description]').removeAttribute('minlength') === undefined`)
	if status := b.submit("#report-button"); status != 400 {
		t.Fatalf("a 2-character report answered %d", status)
	}
	b.waitVisible("#project-alert")
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM project_orders`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d linked orders after a refused report (%v)", n, err)
	}
	b.do("pick 施工扬尘", chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "dust"))
	b.typeInto(`textarea[name=description]`, "工地没有洒水，扬尘很大，晾的衣服全是灰")
	if status := b.submit("#report-button"); status != 201 {
		t.Fatalf("the report answered %d", status)
	}
	var number string
	if err := db.QueryRowContext(context.Background(), `SELECT o.number FROM project_orders po JOIN orders o ON o.id = po.order_id
		WHERE po.project_id = ? AND po.estate_id = ? AND o.category_code = 'construction.dust' AND o.description LIKE '%扬尘很大%'`, w.project, w.estate).Scan(&number); err != nil {
		t.Fatalf("no order linked to the project: %v", err)
	}
	if !strings.Contains(b.text("main"), number) {
		t.Fatalf("the done page does not show the order number %s", number)
	}
	b.screenshot("project-report-done")

	// Staff see the linked order on the project page; residents do not.
	if strings.Contains(b.text("body"), "居民反映的问题") {
		t.Fatal("a resident sees the linked orders")
	}
	switchUser(t, b, "admin", e.creds["admin"])
	b.open(path)
	b.waitVisible("#project-orders")
	if !strings.Contains(b.text("#project-orders"), number) {
		t.Fatalf("staff do not see order %s on the project page", number)
	}
	b.screenshot("project-estate-staff")
}
