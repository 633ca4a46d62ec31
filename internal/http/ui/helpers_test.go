package ui_test

import (
	"context"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/testsupport"
)

// env is the real server on a demo district (明山区, 697 grids) with the
// demo users' passwords, plus a street-level admin for scope tests.
type env struct {
	db    *store.DB
	srv   *httptest.Server
	app   *server.App
	creds map[string]string // username → password
	// dataDir is the server's data directory (uploads/ holds photos).
	dataDir string
}

// streetAdmin is an admin whose scope is one street (北地街道).
const (
	streetAdmin     = "streetadmin"
	streetAdminNode = "210504002"
	otherStreet     = "210504004" // 高峪街道, outside the street admin's scope
	testPassword    = "long enough password"
)

// testPolicy is the sign-in policy of the tests: every test client is
// 127.0.0.1, so the address-wide count of failed sign-ins would add up
// across tests (auth tests cover it).
func testPolicy() auth.Policy {
	policy := auth.DefaultPolicy()
	policy.AddressFailures = 1 << 20
	return policy
}

func newEnv(t testing.TB, db *store.DB, now func() time.Time) *env {
	t.Helper()
	return newEnvWith(t, db, now, nil)
}

// newEnvWith is newEnv with the server's options adjusted by opt (nil:
// none).
func newEnvWith(t testing.TB, db *store.DB, now func() time.Time, opt func(*server.Options)) *env {
	t.Helper()
	ctx := context.Background()
	var creds testsupport.Creds
	if v, ok := demoCreds.Load(db); ok {
		creds = v.(testsupport.Creds)
	} else {
		// A store that is not a fixture copy: build the district here.
		var err error
		if creds, err = buildUIDemo(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{db: db, creds: maps.Clone(creds), dataDir: t.TempDir()}
	// The tracking limit is on, as in production; intake and sign-in
	// limits are tested in internal/server (tests here sign in often).
	limits := httpx.Limits{TrackFailures: httpx.DefaultLimits().TrackFailures}
	var err error
	o := server.Options{DB: db, DataDir: e.dataDir, Policy: testPolicy(), Now: now, Limits: limits}
	if opt != nil {
		opt(&o)
	}
	e.app, err = server.New(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.app.Handler)
	t.Cleanup(e.srv.Close)
	return e
}

// client is a browser stand-in: it keeps cookies by name (ignoring their
// expiry, so a test clock may differ from the real one) and never follows
// redirects, so tests see the 303s.
type client struct {
	t       testing.TB
	base    string
	cookies map[string]string
	csrf    string
}

func (e *env) client(t testing.TB) *client {
	return &client{t: t, base: e.srv.URL, cookies: map[string]string{}}
}

// response is a finished request, body read.
type response struct {
	Status int
	Header http.Header
	Body   string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	if m := csrfMeta.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

func (c *client) get(path string, header ...string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// post sends a form; the CSRF token of the session is added unless the
// form already has a csrf_token (a test may send a wrong one).
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	if _, ok := form["csrf_token"]; !ok && c.csrf != "" {
		form.Set("csrf_token", c.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload sends a multipart form with one file.
func (c *client) upload(path string, fields map[string]string, fileField, fileName string, content []byte) response {
	c.t.Helper()
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	if c.csrf != "" {
		_ = mw.WriteField("csrf_token", c.csrf)
	}
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(buf.String()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// signIn signs in through the form and loads /home, which carries the
// CSRF token for later posts.
func (c *client) signIn(username, password string) {
	c.t.Helper()
	r := c.post("/signin", url.Values{"username": {username}, "password": {password}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/home" {
		c.t.Fatalf("sign in as %s: status %d, location %q", username, r.Status, r.Header.Get("Location"))
	}
	if home := c.get("/home"); home.Status != http.StatusOK || c.csrf == "" {
		c.t.Fatalf("home after sign-in: %d, csrf %q", home.Status, c.csrf)
	}
}

func wantStatus(t testing.TB, r response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.Status, want, excerpt(r.Body))
	}
}

func wantContains(t testing.TB, r response, what string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: page lacks %q\n%s", what, s, excerpt(r.Body))
		}
	}
}

func wantLacks(t testing.TB, r response, what string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: page shows %q but must not", what, s)
		}
	}
}

// excerpt is the <main> of a page, or its start, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

func count(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// staff is a demo user and their scope, as the server computes it.
func (e *env) staff(t testing.TB, username string) (auth.User, auth.Scope) {
	t.Helper()
	ctx := context.Background()
	u, err := auth.GetUserByUsername(ctx, e.db, username)
	if err != nil {
		t.Fatal(err)
	}
	scope, err := auth.ScopeForUser(ctx, e.db, u)
	if err != nil {
		t.Fatal(err)
	}
	return u, scope
}

// actor is a demo user as the order engine sees them.
func (e *env) actor(t testing.TB, username string) order.Actor {
	t.Helper()
	u, scope := e.staff(t, username)
	return order.StaffActor(u, scope, "127.0.0.1")
}
