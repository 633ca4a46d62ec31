package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDisclosures: the community writes a 财务公开 notice, attaches
// a PDF (a text file is refused), publishes it, corrects it with a reason;
// a resident on a phone reads it with its file and its correction history.
func TestBrowserDisclosures(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/disclosures"); st != 200 {
		t.Fatalf("/disclosures answered %d", st)
	}
	b.do("open form", chromedp.Click(chromedp.CSS("#disc-new summary")))
	b.do("category", chromedp.SetValue(chromedp.CSS("#dn-cat"), "finance"))
	b.typeInto("#dn-title", "2026年第三季度财务公开")
	b.do("body", chromedp.SendKeys(chromedp.CSS("#dn-body"), "本季度社区办公经费收入12000元，支出9850元，结余2150元，明细见附件。"))
	if st := b.submit("#disc-new-form button[type=submit]"); st != 200 {
		t.Fatalf("create answered %d", st)
	}
	var id string
	if err := db.QueryRowContext(t.Context(), `SELECT CAST(id AS TEXT) FROM disclosures`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	txt, pdf := filepath.Join(dir, "说明.txt"), filepath.Join(dir, "明细.pdf")
	os.WriteFile(txt, []byte("plain words"), 0o644)
	os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o644)
	attach := "form[action='/disclosures/" + id + "/attach']"
	b.do("txt", chromedp.SetUploadFiles(chromedp.CSS(attach+" input[type=file]"), []string{txt}))
	if st := b.submit(attach + " button"); st != 400 {
		t.Fatalf("a text attachment answered %d", st)
	}
	if got := b.text("#disc-error"); !strings.Contains(got, "附件只能是 PDF 或图片") {
		t.Fatalf("error says %q", got)
	}
	b.do("pdf", chromedp.SetUploadFiles(chromedp.CSS(attach+" input[type=file]"), []string{pdf}))
	if st := b.submit(attach + " button"); st != 200 {
		t.Fatalf("pdf answered %d", st)
	}
	if st := b.submit("form[action='/disclosures/" + id + "/publish'] button"); st != 200 {
		t.Fatalf("publish answered %d", st)
	}
	evalIn[bool](b, `document.querySelector('#edit-`+id+`').closest('details').open = true`)
	b.do("fix body", chromedp.SetValue(chromedp.CSS("#eb-"+id), "本季度社区办公经费收入12000元，支出9580元，结余2420元，明细见附件。"))
	if st := b.submit("#edit-" + id + " button[type=submit]"); st != 400 {
		t.Fatalf("a correction without a reason answered %d", st)
	}
	evalIn[bool](b, `document.querySelector('#edit-`+id+`').closest('details').open = true`)
	b.do("fix body", chromedp.SetValue(chromedp.CSS("#eb-"+id), "本季度社区办公经费收入12000元，支出9580元，结余2420元，明细见附件。"))
	b.typeInto("#er-"+id, "支出数字录入有误")
	if st := b.submit("#edit-" + id + " button[type=submit]"); st != 200 {
		t.Fatalf("correction answered %d", st)
	}
	b.screenshot("disclosures-staff")
	b.submit(`form[action="/signout"] button`)

	b.viewport(375, 812)
	if st := b.open("/public/disclosures?community=210504002001"); st != 200 {
		t.Fatalf("public page answered %d", st)
	}
	b.screenshot("disclosures-public-phone")
	if st := b.open("/public/disclosures/" + id); st != 200 {
		t.Fatalf("notice answered %d", st)
	}
	if got := b.text("#disc-body"); !strings.Contains(got, "9580") {
		t.Fatalf("body %q", got)
	}
	if got := b.text("#disc-history"); !strings.Contains(got, "支出数字录入有误") {
		t.Fatalf("history %q", got)
	}
	if got := b.text("#disc-files"); !strings.Contains(got, "明细.pdf") {
		t.Fatalf("files %q", got)
	}
	b.screenshot("disclosure-notice-phone")
	b.checkConsole("disclosures", "status of 400")
}
