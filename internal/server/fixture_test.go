package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/testsupport"
)

// Test grids: small squares, west to east, in three communities of 明山区
// and one of 平山区 (out of scope for everyone below the city).
var testGrids = []struct {
	code      string
	community string
	lng, lat  float64
}{
	{"210504002001001", "210504002001", 123.800, 41.300}, // 北地街道 永光社区 grid 1
	{"210504002001002", "210504002001", 123.802, 41.300}, // 永光社区 grid 2
	{"210504004002001", "210504004002", 123.810, 41.300}, // 高峪街道, another street
	{"210502001002001", "210502001002", 123.700, 41.300}, // 平山区 南地社区
}

var square = testsupport.Square

func gridCollection() []byte {
	gs := make([]testsupport.SquareGrid, len(testGrids))
	for i, g := range testGrids {
		gs[i] = testsupport.SquareGrid{Code: g.code, Community: g.community, Lng: g.lng, Lat: g.lat}
	}
	return testsupport.GridCollection(gs)
}

// fixtureUser is a test account and where it sits.
type fixtureUser struct {
	name, role, node, department string
	grid                         string // grid membership (worker)
}

var fixtureUsers = []fixtureUser{
	{name: "cityadmin", role: auth.RoleAdmin, node: "2105"},
	{name: "admin", role: auth.RoleAdmin, node: "210504"},
	{name: "operator", role: auth.RoleOperator, node: "210504"},
	{name: "dispatcher", role: auth.RoleDispatcher, node: "210504"},
	{name: "supervisor", role: auth.RoleSupervisor, node: "210504"},
	{name: "leader", role: auth.RoleLeader, node: "210504"},
	{name: "street", role: auth.RoleStreet, node: "210504002"},
	{name: "community", role: auth.RoleCommunity, node: "210504002001"},
	{name: "grid", role: auth.RoleGrid, node: "210504002001", grid: "210504002001001"},
	{name: "building", role: auth.RoleBuilding, node: "210504002001"},
	{name: "department", role: auth.RoleDepartment, department: "chengguan"},
	{name: "otherstreet", role: auth.RoleStreet, node: "210502001"},
	{name: "otherdept", role: auth.RoleDepartment, department: "pingshan_cg"},
}

// env is a running server on a store with the fixture, and a bearer token
// per fixture user.
type env struct {
	db     *store.DB
	srv    *httptest.Server
	tokens map[string]string
	ids    map[string]int64
	app    *server.App
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return newEnvWith(t, db, nil)
}

// newEnvWith is newEnv with server options adjusted by set (limits,
// trusted proxies) before the server starts.
func newEnvWith(t *testing.T, db *store.DB, set func(*server.Options)) *env {
	t.Helper()
	ctx := context.Background()
	divs, err := org.ParseDivisions(os.DirFS("../org/testdata/divisions"))
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
		{Code: "chengguan", Name: "明山区城管局", RegionCode: "210504"},
		{Code: "pingshan_cg", Name: "平山区城管局", RegionCode: "210502"},
	} {
		if _, err := org.AddDepartment(ctx, db, d, auth.SystemAdmin()); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{db: db, tokens: map[string]string{}, ids: map[string]int64{}}
	for _, fu := range fixtureUsers {
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: fu.name, Role: fu.role, NodeCode: fu.node,
			DepartmentCode: fu.department, Password: "correct horse battery"}, auth.Actor{})
		if err != nil {
			t.Fatalf("user %s: %v", fu.name, err)
		}
		if fu.grid != "" {
			if err := grid.AddMember(ctx, db, fu.grid, u.ID, "worker"); err != nil {
				t.Fatal(err)
			}
		}
		tok, err := auth.CreateToken(ctx, db, u.ID, "test", auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[fu.name], e.ids[fu.name] = tok, u.ID
	}
	opts := server.Options{DB: db, DataDir: t.TempDir(), Policy: auth.DefaultPolicy()}
	if set != nil {
		set(&opts)
	}
	app, err := server.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	e.app = app
	e.srv = httptest.NewServer(app.Handler)
	t.Cleanup(e.srv.Close)
	return e
}
