package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
)

// TestBrowserDepartmentEdit: the district admin renames a department and
// retires another from the departments page; the retired one moves to
// its own list and leaves the lists pages offer. Screenshots
// dept-edit-*.png.
func TestBrowserDepartmentEdit(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	if _, err := org.AddDepartment(ctx, db, org.Department{Code: "xinfang", Name: "区信访局", RegionCode: "210504"}, auth.SystemAdmin()); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	b.open("/admin/departments")
	b.do("unfold", chromedp.Click(chromedp.CSS("#dept-edit-xinfang summary")))
	b.typeInto("#dept-name-xinfang", "明山区信访局")
	b.screenshot("dept-edit-form")
	b.submit("#dept-rename-submit-xinfang")
	if msg := b.text("#departments-notice"); !strings.Contains(msg, "已修改") {
		t.Errorf("after renaming the page says %q", msg)
	}
	if d, err := org.GetDepartment(ctx, db, "xinfang"); err != nil || d.Name != "明山区信访局" {
		t.Fatalf("renamed: %+v, %v", d, err)
	}
	b.do("unfold", chromedp.Click(chromedp.CSS("#dept-edit-xinfang summary")))
	b.submit("#dept-retire-submit-xinfang")
	if msg := b.text("#departments-notice"); !strings.Contains(msg, "已撤销") {
		t.Errorf("after retiring the page says %q", msg)
	}
	if txt := b.text("#departments-retired"); !strings.Contains(txt, "明山区信访局") {
		t.Errorf("the retired list reads %q", txt)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#dept-edit-xinfang').length`); n != 0 {
		t.Error("the retired department is still offered for editing")
	}
	b.screenshot("dept-edit-retired")
	b.checkConsole("departments edit")
}
