package httpx

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// through sends a body through TextBodies and reports what the handler
// read (its body, or its form field "description"), or the refusal.
func through(t *testing.T, path, contentType, body string, header ...string) (status int, seen string, reply string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	called := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			b, _ := io.ReadAll(r.Body)
			seen = string(b)
		} else {
			seen = r.FormValue("description")
		}
		w.WriteHeader(http.StatusCreated)
	})
	page := func(w http.ResponseWriter, r *http.Request, e *BodyError) {
		w.WriteHeader(e.Status)
		io.WriteString(w, "page:"+e.Code+":"+e.Field)
	}
	TextBodies{Page: page}.Middleware(next).ServeHTTP(w, r)
	if called != (w.Code == http.StatusCreated) {
		t.Fatalf("handler called %v with status %d", called, w.Code)
	}
	return w.Code, seen, w.Body.String()
}

func TestTextBodiesJSON(t *testing.T) {
	t.Parallel()
	const js = "application/json"
	if st, _, reply := through(t, "/api/v1/orders", js, "{\"description\":\"路灯\xff\xfe不亮\"}"); st != 400 ||
		!strings.Contains(reply, "invalid_encoding") || !strings.Contains(reply, "UTF-8") {
		t.Errorf("invalid UTF-8: %d %s", st, reply)
	}
	// Declared GBK (and its relatives) is decoded; undeclared is refused.
	for _, cs := range []string{"gbk", "GB2312", "gb18030"} {
		st, seen, reply := through(t, "/api/v1/orders", js+"; charset="+cs, gbk(t, `{"description":"路灯不亮"}`))
		if st != 201 || seen != `{"description":"路灯不亮"}` {
			t.Errorf("charset=%s: %d %q %s", cs, st, seen, reply)
		}
	}
	if st, _, _ := through(t, "/api/v1/orders", js, gbk(t, `{"description":"路灯不亮"}`)); st != 400 {
		t.Errorf("GBK without a charset: %d, want 400", st)
	}
	if st, _, reply := through(t, "/api/v1/orders", js+"; charset=big5", `{}`); st != 415 || !strings.Contains(reply, "unsupported_charset") {
		t.Errorf("charset=big5: %d %s", st, reply)
	}
	// Bidirectional controls, literal or escaped, are refused with the field.
	for body, field := range map[string]string{
		"{\"description\":\"路灯\u202e不亮\"}":              "description",
		`{"attributes":{"floor":"3\u2066楼"}}`:           "attributes.floor",
		`{"items":[{"note":"ok"},{"note":"x\u202Ey"}]}`: "items[1].note",
		"{\"note\\u202d\":\"x\"}":                       `field name "note\u202d"`,
	} {
		st, _, reply := through(t, "/api/v1/orders", js, body)
		var e ErrorBody
		_ = json.Unmarshal([]byte(reply), &e)
		if st != 400 || e.Error.Code != "bidi_override" || len(e.Error.Problems) != 1 || e.Error.Problems[0] != field {
			t.Errorf("%s: %d %s, want the field %s", body, st, reply, field)
		}
	}
	// A password is never shown: its direction misleads nobody.
	if st, _, _ := through(t, "/api/v1/session", js, "{\"username\":\"a\",\"password\":\"x\u202ey\"}"); st != 201 {
		t.Errorf("password with a control: %d", st)
	}
	// Arabic, Hebrew and the marks LRM/RLM are text, not overrides.
	if st, _, _ := through(t, "/api/v1/orders", js, "{\"description\":\"مرحبا שלום \u200e\u200f\"}"); st != 201 {
		t.Errorf("right-to-left text: %d", st)
	}
}

func TestTextBodiesForms(t *testing.T) {
	t.Parallel()
	const form = "application/x-www-form-urlencoded"
	if st, _, reply := through(t, "/open311/v2/requests.json", form, "description=%FF%FE&service_code=x"); st != 400 ||
		!strings.Contains(reply, `"problems":["description"]`) {
		t.Errorf("form not UTF-8: %d %s", st, reply)
	}
	body := "service_code=x&description=" + url.QueryEscape(gbk(t, "井盖丢失"))
	if st, seen, reply := through(t, "/open311/v2/requests.json", form+"; charset=gbk", body); st != 201 || seen != "井盖丢失" {
		t.Errorf("GBK form: %d %q %s", st, seen, reply)
	}
	if st, _, reply := through(t, "/report", form, "description="+url.QueryEscape("a\u202eb"), "Accept", "text/html"); st != 400 ||
		reply != "page:bidi_override:description" {
		t.Errorf("page form with a control: %d %s", st, reply)
	}
	if st, _, reply := through(t, "/report", form, "description="+strings.Repeat("x", MaxTextForm)); st != 413 || !strings.Contains(reply, "1 MiB") {
		t.Errorf("oversize form: %d %.200s", st, reply)
	}
	if st, seen, _ := through(t, "/report", form, "description="+url.QueryEscape("楼道堆物")); st != 201 || seen != "楼道堆物" {
		t.Errorf("good form: %d %q", st, seen)
	}
}

func TestTextBodiesMultipart(t *testing.T) {
	t.Parallel()
	post := func(desc string) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("description", desc)
		fw, _ := mw.CreateFormFile("photo", "a.png")
		fw.Write([]byte("\x89PNG\xff\xfe binary is fine in a file"))
		mw.Close()
		st, seen, reply := through(t, "/report", mw.FormDataContentType(), b.String())
		if st == 201 {
			return st, seen
		}
		return st, reply
	}
	if st, seen := post("路灯不亮"); st != 201 || seen != "路灯不亮" {
		t.Errorf("good multipart: %d %q", st, seen)
	}
	if st, reply := post("路灯\u2067不亮"); st != 400 || !strings.Contains(reply, "description") {
		t.Errorf("multipart with a control: %d %s", st, reply)
	}
	if st, reply := post("\xff"); st != 400 || !strings.Contains(reply, "invalid_encoding") {
		t.Errorf("multipart not UTF-8: %d %s", st, reply)
	}
}

// DecodeJSON answers an oversize body 413 with a message, not "unexpected
// EOF".
func TestDecodeJSONTooLarge(t *testing.T) {
	t.Parallel()
	big := `{"description":"` + strings.Repeat("x", MaxJSONBody) + `"}`
	r := httptest.NewRequest(http.MethodPost, "/api/v1/orders", strings.NewReader(big))
	r.Header.Set("Content-Type", "application/json")
	var dst struct{ Description string }
	err := DecodeJSON(r, &dst)
	w := httptest.NewRecorder()
	WriteBodyError(w, err)
	if w.Code != http.StatusRequestEntityTooLarge || strings.Contains(w.Body.String(), "EOF") || !strings.Contains(w.Body.String(), "1 MiB") {
		t.Fatalf("oversize JSON: %d %s", w.Code, w.Body)
	}
}
