package open311_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/open311"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/org"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/testsupport"
	"civicgrid/internal/zone"
)

// The fixture: 明山区 (210504) is the jurisdiction, with two grids of
// 永光社区 and one of another street; a grid of 平山区 lies outside it.
const (
	district  = "210504"
	community = "210504002001"
	gridA     = "210504002001001"
	gridB     = "210504002001002"
	gridC     = "210504004002001"
	gridFar   = "210502001002001"
)

var fixtureGrids = []struct {
	code, community string
	lng, lat        float64
}{
	{gridA, community, 123.800, 41.300},
	{gridB, community, 123.802, 41.300},
	{gridC, "210504004002", 123.810, 41.300},
	{gridFar, "210502001002", 123.700, 41.300},
}

// Points inside the grids (each grid is a 0.001° square from its corner).
var (
	inA   = [2]float64{41.3005, 123.8005} // lat, long
	inC   = [2]float64{41.3005, 123.8105}
	inFar = [2]float64{41.3005, 123.7005}
	inSea = [2]float64{30.0, 122.0}
)

var cst = zone.Shanghai()

// env is a running server — the real staff API and Open311 side by side —
// on a store with the fixture.
type env struct {
	db     *store.DB
	srv    *httptest.Server
	orders *order.Service
	clock  *ordertest.Now
	keys   map[string]string // api keys by name
	tokens map[string]string // staff bearer tokens by user
	actors map[string]order.Actor
}

var fixtureUsers = []struct{ name, role, node, department, grid string }{
	{name: "dispatcher", role: auth.RoleDispatcher, node: district},
	{name: "operator", role: auth.RoleOperator, node: district},
	{name: "gridworker", role: auth.RoleGrid, node: community, grid: gridA},
	{name: "chengguan", role: auth.RoleDepartment, department: "chengguan"},
}

func newEnv(t *testing.T, db *store.DB) *env {
	return newEnvWith(t, db, open311.Options{Jurisdiction: district, RatePerMinute: 10000})
}

// newEnvWith builds the fixture and serves Open311 with opts (DB, Orders,
// Locator and Now are filled in).
func newEnvWith(t *testing.T, db *store.DB, opts open311.Options) *env {
	t.Helper()
	ctx := context.Background()
	divs, err := org.ParseDivisions(os.DirFS("../../org/testdata/divisions"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.ImportDivisions(ctx, db, divs, "2105"); err != nil {
		t.Fatal(err)
	}
	features, err := geo.ParseGridFeatures(gridCollection())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := grid.Import(ctx, db, features, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []org.Department{
		{Code: "chengguan", Name: "明山区城管局", RegionCode: district},
		{Code: "zhujian", Name: "明山区住建局", RegionCode: district},
	} {
		if _, err := org.AddDepartment(ctx, db, d, auth.SystemAdmin()); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{db: db, clock: ordertest.NewNow(time.Date(2026, 11, 23, 9, 0, 0, 0, cst)), keys: map[string]string{},
		tokens: map[string]string{}, actors: map[string]order.Actor{}}
	app, err := server.New(ctx, server.Options{DB: db, DataDir: t.TempDir(), Policy: auth.DefaultPolicy(), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.orders = app.Orders
	for _, fu := range fixtureUsers {
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: fu.name, DisplayName: fu.name, Role: fu.role, NodeCode: fu.node,
			DepartmentCode: fu.department, Password: "correct horse battery"}, auth.Actor{})
		if err != nil {
			t.Fatalf("user %s: %v", fu.name, err)
		}
		if fu.grid != "" {
			if err := grid.AddMember(ctx, db, fu.grid, u.ID, "worker"); err != nil {
				t.Fatal(err)
			}
		}
		if e.tokens[fu.name], err = auth.CreateToken(ctx, db, u.ID, "test", auth.Actor{}); err != nil {
			t.Fatal(err)
		}
		u, err = auth.GetUser(ctx, db, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		scope, err := auth.ScopeForUser(ctx, db, u)
		if err != nil {
			t.Fatal(err)
		}
		e.actors[fu.name] = order.StaffActor(u, scope, "127.0.0.1")
	}
	if _, err := category.Create(ctx, db, wasteSorting, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct{ name, node string }{{"fms", ""}, {"yongguang", community}, {"revoked", ""}} {
		if _, e.keys[k.name], err = apikey.Add(ctx, db, k.name, k.node, audit.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := apikey.RevokeByName(ctx, db, "revoked", audit.Actor{}); err != nil {
		t.Fatal(err)
	}

	opts.DB, opts.Orders, opts.Locator, opts.Now = db, app.Orders, app.Locator, e.clock.Now
	mux := http.NewServeMux()
	open311.New(opts).Register(mux)
	mux.Handle("/", app.Handler)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// wasteSorting has every datatype, a required multivaluelist among them.
var wasteSorting = category.Category{
	Code: "waste.sorting", ParentCode: "event.environment", NameZh: "垃圾分类投放不规范", NameEn: "Waste not sorted",
	Kind: category.KindEvent, Route: category.Route{Level: category.LevelGrid}, Urgency: category.UrgencyNormal,
	Limits: category.DefaultLimits(category.UrgencyNormal), Active: true, Keywords: []string{"垃圾分类", "混投"},
	Fields: []category.Field{
		{Code: "kinds", Name: "混投种类", Datatype: category.TypeMultiValueList, Required: true, Values: []category.FieldValue{
			{Key: "kitchen", Name: "厨余垃圾"}, {Key: "recyclable", Name: "可回收物"}, {Key: "hazardous", Name: "有害垃圾"}, {Key: "other", Name: "其他垃圾"}}},
		{Code: "when", Name: "时段", Datatype: category.TypeSingleValueList, Values: []category.FieldValue{
			{Key: "morning", Name: "早"}, {Key: "evening", Name: "晚"}}},
		{Code: "bins", Name: "桶数", Datatype: category.TypeNumber},
		{Code: "since", Name: "开始时间", Datatype: category.TypeDatetime},
		{Code: "spot", Name: "投放点", Datatype: category.TypeString, Description: "小区内投放点名称"},
	},
}

// gridCollection is the fixture grids as GeoJSON.
func gridCollection() []byte {
	gs := make([]testsupport.SquareGrid, len(fixtureGrids))
	for i, g := range fixtureGrids {
		gs[i] = testsupport.SquareGrid{Code: g.code, Community: g.community, Lng: g.lng, Lat: g.lat}
	}
	return testsupport.GridCollection(gs)
}

// reply is one HTTP answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) String() string { return fmt.Sprintf("%d %.2000s", r.status, r.body) }

func (e *env) do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// get fetches an Open311 path (relative to /open311/v2/ unless it starts
// with /).
func (e *env) get(t *testing.T, path string) reply {
	t.Helper()
	if !strings.HasPrefix(path, "/") {
		path = "/open311/v2/" + path
	}
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e.do(t, req)
}

// post sends a form to an Open311 resource; header pairs are optional.
func (e *env) post(t *testing.T, resource string, form url.Values, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+"/open311/v2/"+resource, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(t, req)
}

// staffGet reads the staff JSON API as a fixture user.
func (e *env) staffGet(t *testing.T, user, path string) reply {
	t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	return e.do(t, req)
}

// form builds a request form from pairs.
func form(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

func at(p [2]float64) []string {
	return []string{"lat", fmt.Sprint(p[0]), "long", fmt.Sprint(p[1])}
}

// fileRequest files a request with key and returns its service_request_id
// (JSON), failing the test on anything but 200.
func (e *env) fileRequest(t *testing.T, key string, pairs ...string) string {
	t.Helper()
	f := form(append([]string{"api_key", e.keys[key]}, pairs...)...)
	r := e.post(t, "requests.json", f)
	if r.status != http.StatusOK {
		t.Fatalf("POST requests %v: %s", f, r)
	}
	var out []xRequest
	mustJSON(t, r.body, &out)
	if len(out) != 1 || out[0].ID == "" {
		t.Fatalf("POST requests answered %s", r.body)
	}
	return out[0].ID
}

// act runs a staff step on the order through the order Service at its
// current version.
func (e *env) act(t *testing.T, user, number string, step func(a order.Actor, version int) (order.Order, error)) order.Order {
	t.Helper()
	a := e.actors[user]
	o, err := e.orders.Get(context.Background(), a, number)
	if err != nil {
		t.Fatalf("%s reads %s: %v", user, number, err)
	}
	out, err := step(a, o.Version)
	if err != nil {
		t.Fatalf("%s on %s (%s): %v", user, number, o.Status, err)
	}
	return out
}
