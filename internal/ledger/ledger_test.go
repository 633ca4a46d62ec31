package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/errs"
	"civicgrid/internal/ledger"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// problems returns the lines of the problems err lists.
func problems(t *testing.T, err error) map[int]string {
	t.Helper()
	var ps ledger.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want ledger problems, got %v", err)
	}
	if errs.KindOf(err) != errs.Invalid {
		t.Errorf("problems are kind %v, want Invalid", errs.KindOf(err))
	}
	out := map[int]string{}
	for _, p := range ps {
		out[p.Line] += p.Column + ": " + p.Msg + "; "
	}
	return out
}

func TestImportPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		header := "姓名,证件类型,证件号码*,联系电话,居住房屋,网格编码,户籍,居住类型,人户分离,迁入日期"
		bad := csvOf(header,
			"张三,,"+idn(1)+",13812345678,"+w.houseA1+",,本地,常住,否,2020-05-01", // 2: good
			"李四,,"+idn(2)[:17]+"X,,"+w.houseA1+",,,,,",                     // 3: wrong check character
			"王五,,"+idn(3)+",,胜利路9号9栋9单元909室,,,,,",                          // 4: no such house
			"赵六,,"+idn(1)+",,"+w.houseA2+",,,,,",                           // 5: same document as line 2
			"孙七,,"+idn(4)+",,,"+w.gridB+",,,,",                             // 6: grid of another community
			"周八,,"+idn(5)+",,,,,,也许,",                                      // 7: not yes or no
			"",                                                             // blank: skipped, still counted
			"吴九,,"+idn(6)+",,,"+w.gridA+",外地,流动,是,",                        // 9: good
		)
		_, err := w.importAs("communitya", "people", bad, false)
		lines := problems(t, err)
		for _, l := range []int{3, 4, 5, 6, 7} {
			if lines[l] == "" {
				t.Errorf("line %d not reported; problems: %v", l, lines)
			}
		}
		if lines[2] != "" || lines[9] != "" || len(lines) != 5 {
			t.Errorf("problems %v, want lines 3–7 only", lines)
		}
		if !strings.Contains(lines[3], "证件号码") || !strings.Contains(lines[5], "第2行") {
			t.Errorf("line 3 %q should name the column, line 5 %q the first line", lines[3], lines[5])
		}
		if n := w.count(t, "people"); n != 0 {
			t.Fatalf("%d people written by a ledger with problems", n)
		}

		good := csvOf(header,
			"张三,,"+idn(1)+",13812345678,"+w.houseA1+",,本地,常住,否,2020-05-01",
			"吴九,,"+idn(6)+",,,"+w.gridA+",外地,流动,是,",
			"郑十,居民身份证,"+strings.ToLower(idn(7))+",,"+w.houseA2+",,,,,",
		)
		rep, err := w.importAs("communitya", "people", good, true)
		if err != nil || rep.Added != 3 || !rep.DryRun {
			t.Fatalf("dry run: %+v, %v", rep, err)
		}
		if n := w.count(t, "people"); n != 0 {
			t.Fatalf("a dry run wrote %d people", n)
		}
		if rep := w.mustImport(t, "communitya", "people", good); rep.Added != 3 || rep.Unchanged != 0 || rep.Lines != 3 {
			t.Fatalf("import: %+v", rep)
		}
		if rep := w.mustImport(t, "communitya", "people", good); rep.Added != 0 || rep.Unchanged != 3 {
			t.Fatalf("rerun: %+v, want 3 unchanged", rep)
		}
		if n := w.count(t, "people"); n != 3 {
			t.Fatalf("%d people after a rerun, want 3", n)
		}
		// The same people from community B: registered elsewhere.
		_, err = w.importAs("communityb", "people", csvOf("name,id_number,grid_code", "张三,"+idn(1)+","+w.gridB), false)
		if lines := problems(t, err); !strings.Contains(lines[2], "其他社区") {
			t.Errorf("B importing A's person: %v", lines)
		}
		// Streets and leaders do not register people.
		for _, who := range []string{"street", "leader"} {
			if _, err := w.importAs(who, "people", good, false); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("%s importing people: %v, want Forbidden", who, err)
			}
		}
		var audits int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.import'`).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		if audits != 2 { // the houses of the seed and the people; not the dry run nor the rerun
			t.Errorf("%d ledger.import audit entries, want 2", audits)
		}
	})
}

// TestImportPeopleXLSXCells: a date typed into Excel (a day number), a
// phone typed as a number and dates written 2020/1/5 and 2020年1月5日 all
// import as the register wants them.
func TestImportPeopleXLSXCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		f := excelize.NewFile()
		defer f.Close()
		for i, h := range []string{"姓名", "证件号码", "联系电话", "网格编码", "迁入日期"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue("Sheet1", cell, h)
		}
		day := time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC)
		for r, moved := range []any{day, "2020/1/5", "2020年1月5日"} {
			row := r + 2
			f.SetCellValue("Sheet1", fmt.Sprintf("A%d", row), "测试")
			f.SetCellValue("Sheet1", fmt.Sprintf("B%d", row), idn(20+r))
			f.SetCellValue("Sheet1", fmt.Sprintf("C%d", row), int64(13812345670+r))
			f.SetCellValue("Sheet1", fmt.Sprintf("D%d", row), w.gridA)
			f.SetCellValue("Sheet1", fmt.Sprintf("E%d", row), moved)
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "E2", "E2", style)
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if rep := w.mustImport(t, "communitya", "people", buf.Bytes()); rep.Added != 3 {
			t.Fatalf("%+v", rep)
		}
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM people WHERE moved_in = '2020-01-05'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d people moved in on 2020-01-05 (%v), want 3", n, err)
		}
		var buf2 bytes.Buffer
		if _, err := w.svc.Export(context.Background(), w.actors["communitya"], "people", &buf2, ledger.ExportOptions{Purpose: "核对导入结果"}); err != nil {
			t.Fatal(err)
		}
		ex, _ := excelize.OpenReader(&buf2)
		defer ex.Close()
		rows, _ := ex.GetRows(ex.GetSheetList()[0])
		if len(rows) != 4 || rows[1][3] != "13812345670" {
			t.Errorf("phones typed as numbers: %v", rows)
		}
	})
}

func TestImportHeaderProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		_, err := w.importAs("communitya", "people", csvOf("姓名,身份证,姓名", "张三,x,y"), false)
		lines := problems(t, err)
		if !strings.Contains(lines[1], "未知的列") || !strings.Contains(lines[1], "列重复") || !strings.Contains(lines[1], "缺少必填列") {
			t.Errorf("header problems: %q", lines[1])
		}
		if _, err := w.importAs("communitya", "people", []byte("PK\x03\x04not a zip"), false); !errors.Is(err, ledger.ErrFormat) {
			t.Errorf("broken workbook: %v", err)
		}
		if _, err := w.importAs("communitya", "cats", csvOf("a"), false); errs.KindOf(err) != errs.NotFound {
			t.Errorf("unknown ledger: %v", err)
		}
	})
}

func TestImportAddressesHousesXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		file := xlsxOf(t,
			[]string{"road", "door_no", "building_code", "unit_no", "room_no", "grid_code"},
			[]string{"新明路", "11", "", "", "", w.gridB},
			[]string{"新明路", "11", w.buildB, "", "", ""},
			[]string{"新明路", "11", w.buildB, "1", "", ""},
			[]string{"新明路", "11", w.buildB, "1", "301", ""},
		)
		// Community A may not write into B's building or grid.
		_, err := w.importAs("communitya", "addresses", file, false)
		if lines := problems(t, err); len(lines) != 4 {
			t.Errorf("A importing B's addresses: %v, want all 4 lines refused", lines)
		}
		before := w.count(t, "addresses")
		if rep := w.mustImport(t, "communityb", "addresses", file); rep.Added != 4 {
			t.Fatalf("B: %+v", rep)
		}
		if rep := w.mustImport(t, "communityb", "addresses", file); rep.Added != 0 || rep.Unchanged != 4 {
			t.Fatalf("rerun: %+v", rep)
		}
		if n := w.count(t, "addresses"); n != before+4 {
			t.Fatalf("%d addresses, want %d", n, before+4)
		}
		// A house in no building, a bad area and use: all reported.
		_, err = w.importAs("communityb", "houses", csvOf(
			"街路巷,门牌号,楼栋编码,单元号,户室号,房屋用途,建筑面积",
			"新明路,11,,1,302,自住,70",
			"新明路,11,"+w.buildB+",1,303,自住,七十",
			"新明路,11,"+w.buildB+",1,304,住宅,70",
			"新明路,11,"+w.buildB+",1,301,自住,70.25",
		), false)
		lines := problems(t, err)
		if len(lines) != 3 || lines[5] != "" {
			t.Errorf("houses problems %v, want lines 2–4", lines)
		}
		if rep := w.mustImport(t, "communityb", "houses", csvOf("街路巷,门牌号,楼栋编码,单元号,户室号,房屋用途,建筑面积",
			"新明路,11,"+w.buildB+",1,301,自住,70.25")); rep.Added != 1 {
			t.Fatalf("house at an imported room: %+v", rep)
		}
	})
}

func TestImportUnitsAndFacilities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		units := csvOf("单位名称,单位类型,统一社会信用代码,地址,联系人,联系电话,从业人数",
			"东兴便利店,商业网点,,胜利路1号,王老板,13900001111,3",
			"明山区某公司,企业,91210504MA0Y8XXXXX,胜利路1号,,,",
			"东兴街道办事处,机关,,胜利路1号,,,",
		)
		_, err := w.importAs("communitya", "units", units, false)
		lines := problems(t, err)
		if len(lines) != 2 || lines[2] != "" {
			t.Fatalf("units problems %v, want lines 3 and 4", lines)
		}
		good := csvOf("单位名称,单位类型,统一社会信用代码,地址,联系人,联系电话,从业人数", "东兴便利店,商业网点,,胜利路1号,王老板,13900001111,3")
		if rep := w.mustImport(t, "communitya", "units", good); rep.Added != 1 {
			t.Fatalf("units: %+v", rep)
		}
		if rep := w.mustImport(t, "communitya", "units", good); rep.Unchanged != 1 || rep.Added != 0 {
			t.Fatalf("units rerun: %+v", rep)
		}
		fac := csvOf("部件小类,名称,经度,纬度,状态",
			"路灯,东门路灯,123.7705,41.3015,完好",
			"视频监控,,123.7725,41.3015,损坏",
		)
		if rep := w.mustImport(t, "communitya", "facilities", fac); rep.Added != 2 {
			t.Fatalf("facilities: %+v", rep)
		}
		if rep := w.mustImport(t, "communitya", "facilities", fac); rep.Unchanged != 2 {
			t.Fatalf("facilities rerun: %+v", rep)
		}
		// The export imports unchanged (codes now given).
		var buf bytes.Buffer
		if n, err := w.svc.Export(context.Background(), w.actors["communitya"], "facilities", &buf, ledger.ExportOptions{}); err != nil || n != 2 {
			t.Fatalf("export: %d, %v", n, err)
		}
		if rep := w.mustImport(t, "communitya", "facilities", buf.Bytes()); rep.Unchanged != 2 || rep.Added != 0 {
			t.Fatalf("export reimported: %+v", rep)
		}
		_, err = w.importAs("communitya", "facilities", csvOf("部件编码,部件小类,经度,纬度", "2105040020010109-0999,路灯,123.7705,41.3015",
			"2105040020010109-0001,路灯,123.7705,41.3015", ",路灯,123.7905,41.3015"), false)
		if lines := problems(t, err); len(lines) != 2 || lines[3] != "" {
			t.Errorf("facility problems %v, want lines 2 (unknown code) and 4 (in no grid)", lines)
		}
	})
}

func TestExportPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		w.mustImport(t, "communitya", "people", csvOf("姓名,证件号码,联系电话,居住房屋", "张三丰,"+idn(1)+",13812345678,"+w.houseA1))
		ctx := context.Background()
		read := func(buf *bytes.Buffer) [][]string {
			f, err := excelize.OpenReader(buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		var buf bytes.Buffer
		if _, err := w.svc.Export(ctx, w.actors["communitya"], "people", &buf, ledger.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		rows := read(&buf)
		if len(rows) != 2 || rows[1][0] != "张**" || rows[1][2] != "2105**********"+idn(1)[14:] || rows[1][3] != "138****5678" {
			t.Fatalf("masked export: %v", rows)
		}
		buf.Reset()
		if _, err := w.svc.Export(ctx, w.actors["communitya"], "people", &buf, ledger.ExportOptions{Purpose: "社区人口普查核对"}); err != nil {
			t.Fatal(err)
		}
		if rows := read(&buf); rows[1][0] != "张三丰" || rows[1][2] != idn(1) || rows[1][3] != "13812345678" {
			t.Fatalf("revealed export: %v", rows)
		}
		if _, err := w.svc.Export(ctx, w.actors["communitya"], "people", &buf, ledger.ExportOptions{Purpose: "看"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a one-character purpose: %v", err)
		}
		buf.Reset()
		if _, err := w.svc.Export(ctx, w.actors["communityb"], "people", &buf, ledger.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		if rows := read(&buf); len(rows) != 1 {
			t.Errorf("B's export holds A's people: %v", rows)
		}
		for _, who := range []string{"street", "leader"} {
			if _, err := w.svc.Export(ctx, w.actors[who], "people", &buf, ledger.ExportOptions{}); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("%s exporting people: %v, want Forbidden", who, err)
			}
		}
		var audited, unmasked int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN detail LIKE '%unmasked%' THEN 1 END) FROM audit_log WHERE action = 'person.export'`).Scan(&audited, &unmasked); err != nil {
			t.Fatal(err)
		}
		if audited != 3 || unmasked != 1 {
			t.Errorf("person.export audited %d times (%d unmasked), want 3 (1)", audited, unmasked)
		}
	})
}

func TestTemplateImportsEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := seed(t, db)
		for _, l := range ledger.All {
			var buf bytes.Buffer
			if err := ledger.WriteTemplate(&buf, l); err != nil {
				t.Fatal(err)
			}
			rep, err := w.importAs("admin", l.Name, buf.Bytes(), false)
			if err != nil || rep.Lines != 0 {
				t.Errorf("%s template: %+v, %v", l.Name, rep, err)
			}
		}
	})
}
