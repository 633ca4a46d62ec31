package ui_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/auth"
	"civicgrid/internal/people"
)

// TestBrowserLedgers: community staff upload a people ledger with a bad
// line (every problem listed, nothing written), check it again fixed,
// import it, and find the page in Chinese only; a grid worker opens the
// page on a phone. Screenshots of each.
func TestBrowserLedgers(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	staff, err := auth.GetUserByUsername(ctx, db, "community")
	if err != nil {
		t.Fatal(err)
	}
	var house, gridCode string
	if err := db.QueryRowContext(ctx, `SELECT code FROM grids WHERE community_code = ? ORDER BY code LIMIT 1`, staff.NodeCode).Scan(&gridCode); err != nil {
		t.Fatal(err)
	}
	// A house of the community when it has flats (a village has courtyards only).
	_ = db.QueryRowContext(ctx, `SELECT a.text FROM houses h JOIN addresses a ON a.id = h.address_id
		WHERE h.community_code = ? ORDER BY h.id LIMIT 1`, staff.NodeCode).Scan(&house)
	id := func(seq int) string {
		first := fmt.Sprintf("11010119900101%03d", seq)
		return first + string(people.CheckChar(first))
	}
	header := "姓名,证件号码,联系电话,居住房屋,网格编码,居住类型\n"
	good := header + "测试甲," + id(1) + ",13800000001," + house + "," + gridCode + ",常住\n" + "测试乙," + id(2) + ",,," + gridCode + ",流动\n"
	bad := good + "测试丙," + id(3)[:17] + "Z,,无此地址1号,,常住\n"
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("\ufeff"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badFile, goodFile := write("bad.csv", bad), write("good.csv", good)
	before := count(t, db, "people")

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(1280, 900)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/ledgers"); st != 200 {
		t.Fatalf("/ledgers answered %d", st)
	}
	if words := englishIn(evalIn[string](b, pageText)); len(words) > 0 {
		t.Errorf("English on the Chinese ledgers page: %q", words)
	}
	b.screenshot("ledgers")
	upload := func(file string, dry bool) int64 {
		b.do("ledger", chromedp.SetValue(chromedp.CSS("#lio-ledger"), "people"))
		b.do("file", chromedp.SetUploadFiles(chromedp.CSS("#lio-file"), []string{file}))
		if got := evalIn[bool](b, `document.querySelector('#lio-dry').checked`); got != dry {
			b.do("dry run", chromedp.Click(chromedp.CSS("#lio-dry")))
		}
		return b.submit("#lio-submit")
	}
	if st := upload(badFile, false); st != 400 {
		t.Fatalf("a ledger with a bad line answered %d", st)
	}
	if got := b.text("#lio-problems"); !strings.Contains(got, "4") || !strings.Contains(got, "证件号码") || !strings.Contains(got, "居住房屋") {
		t.Errorf("problems say %q", got)
	}
	if n := count(t, db, "people"); n != before {
		t.Fatalf("a ledger with problems wrote %d people", n-before)
	}
	b.screenshot("ledgers-problems")
	if st := upload(goodFile, true); st != 200 {
		t.Fatalf("dry run answered %d", st)
	}
	if got := b.text("#lio-done"); !strings.Contains(got, "未写入") || count(t, db, "people") != before {
		t.Fatalf("dry run says %q", got)
	}
	if st := upload(goodFile, false); st != 200 {
		t.Fatalf("import answered %d", st)
	}
	if got := b.text("#lio-done"); !strings.Contains(got, "新增2条") {
		t.Errorf("import says %q", got)
	}
	if n := count(t, db, "people"); n != before+2 {
		t.Fatalf("%d people added, want 2", n-before)
	}
	if words := englishIn(evalIn[string](b, pageText)); len(words) > 0 {
		t.Errorf("English on the Chinese ledgers page after an import: %q", words)
	}
	b.screenshot("ledgers-imported")

	switchUser(t, b, "grid", e.creds["grid"])
	b.viewport(375, 812)
	if st := b.open("/ledgers"); st != 200 {
		t.Fatalf("grid worker at /ledgers: %d", st)
	}
	b.screenshot("ledgers-phone")
	switchUser(t, b, "leader", e.creds["leader"])
	if st := b.open("/ledgers"); st != 403 {
		t.Errorf("leader at /ledgers: %d, want 403", st)
	}
}
