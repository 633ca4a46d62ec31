package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// raw sends body with a content type (a ledger file, a form).
func (e *env) raw(t *testing.T, user, method, path, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// wantLedger is wantStatus for answers that may be workbooks: the body is
// shown only when it is text.
func wantLedger(t *testing.T, got, want int, what string, body []byte) {
	t.Helper()
	if bytes.HasPrefix(body, []byte("PK")) {
		body = []byte("(a workbook)")
	}
	if got != want {
		t.Errorf("%s: status %d, want %d (%.300s)", what, got, want, body)
	}
}

func sheetRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a workbook: %v (%.200s)", err, b)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestLedgersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.buildGridbase(t)
		id := validID("21050419850612201")
		good := "姓名,证件号码,联系电话,居住房屋\n王小明," + id + ",13812345678,胜利路12号1栋1单元502室\n"
		bad := good + "李四," + id[:17] + "0,,胜利路12号1栋1单元502室\n"
		st, _, b := e.raw(t, "community", "POST", "/api/v1/ledgers/people/import", "text/csv", []byte(bad))
		wantLedger(t, st, 400, "bad ledger", b)
		if !strings.Contains(string(b), `"line":3`) || !strings.Contains(string(b), `"column":"证件号码"`) {
			t.Errorf("problems do not name line 3's column: %s", b)
		}
		st, _, b = e.raw(t, "community", "POST", "/api/v1/ledgers/people/import?dry_run=1", "text/csv", []byte(good))
		wantLedger(t, st, 200, "dry run", b)
		if !strings.Contains(string(b), `"added":1`) || !strings.Contains(string(b), `"dry_run":true`) {
			t.Errorf("dry run: %s", b)
		}
		// As a multipart upload, the way the page sends it.
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, _ := mw.CreateFormFile("file", "people.csv")
		fw.Write([]byte(good))
		mw.Close()
		st, _, b = e.raw(t, "community", "POST", "/api/v1/ledgers/people/import", mw.FormDataContentType(), form.Bytes())
		wantLedger(t, st, 200, "import", b)
		if !strings.Contains(string(b), `"added":1`) {
			t.Errorf("import: %s", b)
		}
		st, _, b = e.raw(t, "community", "POST", "/api/v1/ledgers/people/import", "text/csv", []byte(good))
		wantLedger(t, st, 200, "rerun", b)
		if !strings.Contains(string(b), `"added":0,`) || !strings.Contains(string(b), `"unchanged":1}`) {
			t.Errorf("rerun: %s", b)
		}
		st, _, b = e.raw(t, "street", "POST", "/api/v1/ledgers/people/import", "text/csv", []byte(good))
		wantLedger(t, st, 403, "street imports people", b)

		st, h, b := e.raw(t, "community", "GET", "/api/v1/ledgers/people/export", "", nil)
		wantLedger(t, st, 200, "export", b)
		if !strings.HasPrefix(h.Get("Content-Type"), "application/vnd.openxmlformats") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Errorf("export headers %v", h)
		}
		if rows := sheetRows(t, b); len(rows) != 2 || rows[1][0] != "王**" || rows[1][2] == id {
			t.Errorf("masked export %v", rows)
		}
		st, _, b = e.raw(t, "community", "GET", "/api/v1/ledgers/people/export?purpose="+url.QueryEscape("年度人口核查"), "", nil)
		wantLedger(t, st, 200, "unmasked export", b)
		if rows := sheetRows(t, b); rows[1][0] != "王小明" || rows[1][2] != id {
			t.Errorf("unmasked export %v", rows)
		}
		for _, who := range []string{"street", "leader", "operator"} {
			st, _, b = e.raw(t, who, "GET", "/api/v1/ledgers/people/export", "", nil)
			wantLedger(t, st, 403, who+" exports people", b)
		}
		st, _, b = e.raw(t, "street", "GET", "/api/v1/ledgers/houses/export", "", nil)
		wantLedger(t, st, 200, "street exports houses", b)
		if rows := sheetRows(t, b); len(rows) != 2 || rows[1][6] != "出租" {
			t.Errorf("houses export %v", rows)
		}
		st, _, b = e.raw(t, "otherstreet", "GET", "/api/v1/ledgers/houses/export?under=210504002", "", nil)
		wantLedger(t, st, 404, "export outside the scope", b)
		st, _, b = e.raw(t, "community", "GET", "/api/v1/ledgers/units/template", "", nil)
		wantLedger(t, st, 200, "template", b)
		if rows := sheetRows(t, b); len(rows) != 1 || rows[0][0] != "单位名称*" {
			t.Errorf("template %v", rows)
		}
		st, _, b = e.raw(t, "community", "GET", "/api/v1/ledgers", "", nil)
		wantLedger(t, st, 200, "list", b)
		if !strings.Contains(string(b), `"name":"facilities"`) || !strings.Contains(string(b), fmt.Sprintf(`"title":%q`, "实有人口台账")) {
			t.Errorf("ledgers %s", b)
		}
	})
}

// TestLedgersAuthz: every role against importing (dry run) and exporting
// each ledger, in and out of scope.
func TestLedgersAuthz(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.buildGridbase(t)
		id := validID("21050419850612201")
		files := map[string]string{
			"people":    "姓名,证件号码,网格编码\n王小明," + id + ",210504002001001\n",
			"addresses": "街路巷,门牌号,网格编码,经度,纬度\n胜利路,16,210504002001001,123.8006,41.3006\n",
		}
		// import: who may, and whether the line lies in their scope.
		importWant := map[string]map[string]int{
			"people":    {"cityadmin": 200, "admin": 200, "community": 200, "grid": 200, "street": 403, "otherstreet": 403, "leader": 403, "building": 403},
			"addresses": {"cityadmin": 200, "admin": 200, "community": 200, "grid": 200, "street": 200, "otherstreet": 400, "leader": 403, "building": 403},
		}
		for _, who := range []string{"operator", "dispatcher", "supervisor", "department", "otherdept"} {
			importWant["people"][who], importWant["addresses"][who] = 403, 403
		}
		for ledgerName, want := range importWant {
			for who, status := range want {
				st, _, b := e.raw(t, who, "POST", "/api/v1/ledgers/"+ledgerName+"/import?dry_run=1", "text/csv", []byte(files[ledgerName]))
				wantLedger(t, st, status, who+" imports "+ledgerName, b)
			}
		}
		// export of people: roles that see people by name; the others 403.
		for who, status := range map[string]int{"cityadmin": 200, "admin": 200, "community": 200, "grid": 200, "building": 200,
			"street": 403, "otherstreet": 403, "leader": 403, "operator": 403, "dispatcher": 403, "supervisor": 403, "department": 403} {
			st, _, b := e.raw(t, who, "GET", "/api/v1/ledgers/people/export", "", nil)
			wantLedger(t, st, status, who+" exports people", b)
		}
		// unmasked: only the roles that reveal.
		for who, status := range map[string]int{"community": 200, "grid": 200, "admin": 200, "building": 403} {
			st, _, b := e.raw(t, who, "GET", "/api/v1/ledgers/people/export?purpose="+url.QueryEscape("年度人口核查"), "", nil)
			wantLedger(t, st, status, who+" exports people unmasked", b)
		}
		// houses of another street: nothing of theirs in the export.
		st, _, b := e.raw(t, "otherstreet", "GET", "/api/v1/ledgers/houses/export", "", nil)
		wantLedger(t, st, 200, "other street exports houses", b)
		if rows := sheetRows(t, b); len(rows) != 1 {
			t.Errorf("another street's export holds %d houses", len(rows)-1)
		}
	})
}
