package order_test

import (
	"bytes"
	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/order/ordertest"
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// The test org: district 210504 with streets 210504002 (community
// …002001 with grids …001 and …002; community …002002 without grids) and
// 210504004 (community …004001, grid …001). Departments serve the
// district; "faraway" serves another district.
const (
	district   = "210504"
	street1    = "210504002"
	street2    = "210504004"
	community1 = "210504002001"
	community2 = "210504002002"
	community3 = "210504004001"
	gridA      = "210504002001001"
	gridB      = "210504002001002"
	gridC      = "210504004001001"
)

var cst = ordertest.CST

// monday09 is Monday 23 November 2026, 09:00 in Shanghai.
var monday09 = ordertest.Monday09

var (
	inA = &order.Point{Lng: 123.05, Lat: 41.05}
	inB = &order.Point{Lng: 123.15, Lat: 41.05}
	inC = &order.Point{Lng: 123.35, Lat: 41.05}
)

// The fakes are shared with the tests of packages built on the engine.
type (
	boxLocator   = ordertest.BoxLocator
	weekdayClock = ordertest.WeekdayClock
	fakeNow      = ordertest.Now
)

type env struct {
	db      *store.DB
	svc     *order.Service
	keys    *pii.Keyring
	now     *fakeNow
	dataDir string
}

const maxPhotoBytes = 4096

func newEnv(t testing.TB, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	seedOrg(t, db)
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, keys: keys, now: ordertest.NewNow(monday09), dataDir: t.TempDir()}
	e.svc, err = order.New(order.Config{DB: db, Locator: boxLocator{}, Clock: weekdayClock{}, Keys: keys,
		DataDir: e.dataDir, MaxPhotoBytes: maxPhotoBytes, Now: e.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newEnvOn is a second service on e's store and clock: another app node,
// or this one after a restart.
func newEnvOn(t testing.TB, e *env) *order.Service { return newEnvWith(t, e, order.TrackLock{}) }

// newEnvWith is a second service on e's store and clock with its own
// tracking lock policy.
func newEnvWith(t testing.TB, e *env, lock order.TrackLock) *order.Service {
	t.Helper()
	svc, err := order.New(order.Config{DB: e.db, Locator: boxLocator{}, Clock: weekdayClock{}, Keys: e.keys,
		DataDir: e.dataDir, MaxPhotoBytes: maxPhotoBytes, Now: e.now.Now, TrackLock: lock})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func seedOrg(t testing.TB, db *store.DB) { ordertest.SeedOrg(t, db) }

func mustExec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

var nextUserID int64 = 100

// staff builds an actor the way the server does, from a user and its
// scope (no password hashing needed for order tests).
func staff(role, node, dept string) order.Actor {
	nextUserID++
	u := auth.User{ID: nextUserID, Username: role + node + dept, Role: role, NodeCode: node, DepartmentCode: dept}
	deptRegion := ""
	if dept != "" {
		deptRegion = district
		if dept == "faraway" {
			deptRegion = "210505"
		}
	}
	return order.StaffActor(u, auth.ScopeOf(u, deptRegion), "127.0.0.1")
}

var (
	operator   = staff(auth.RoleOperator, district, "")
	dispatcher = staff(auth.RoleDispatcher, district, "")
	supervisor = staff(auth.RoleSupervisor, district, "")
	gridWorker = staff(auth.RoleGrid, community1, "")
	streetOne  = staff(auth.RoleStreet, street1, "")
	streetTwo  = staff(auth.RoleStreet, street2, "")
	ranqi      = staff(auth.RoleDepartment, "", "ranqi")
	chengguan  = staff(auth.RoleDepartment, "", "chengguan")
	shuiwu     = staff(auth.RoleDepartment, "", "shuiwu")
	resident   = order.ResidentActor("203.0.113.9")
)

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// snapshot counts every row and file intake may write, to prove that a
// refused request wrote nothing.
func (e *env) snapshot(t *testing.T) [6]int {
	t.Helper()
	files := 0
	_ = filepath.WalkDir(filepath.Join(e.dataDir, "uploads"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	return [6]int{
		count(t, e.db, `SELECT COUNT(*) FROM orders`), count(t, e.db, `SELECT COUNT(*) FROM order_events`),
		count(t, e.db, `SELECT COUNT(*) FROM outbox`), count(t, e.db, `SELECT COALESCE(SUM(seq), 0) FROM order_counters`),
		count(t, e.db, `SELECT COUNT(*) FROM order_photos`), files,
	}
}

func noise(desc string) order.Input {
	return order.Input{Channel: order.ChannelHotline, Category: "noise.disturb", Description: desc, Point: inA,
		Attributes: map[string]string{"source": "neighbour"}, ReporterName: "张三丰", ReporterPhone: "13812345678"}
}

func mustCreate(t *testing.T, e *env, a order.Actor, in order.Input) order.Order {
	t.Helper()
	o, _, err := e.svc.Create(context.Background(), a, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return o
}

var (
	pngBytes  = imagemetatest.PNG(imagemetatest.Halves(4, 2))
	jpegBytes = imagemetatest.JPEG(imagemetatest.Halves(4, 2))
	webpBytes = imagemetatest.WebP(3)
)

func photo(name string, b []byte) order.Photo {
	return order.Photo{Name: name, Body: bytes.NewReader(b)}
}
