package exchange_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/exchange"
	"civicgrid/internal/http/exchangeapi"
	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The link both instances agree on, its secret and its reporter key.
const (
	linkName   = "mingshan"
	linkSecret = "0123456789abcdef0123456789abcdef-test-secret"
	linkKey    = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" // bytes 0…31
	sewerPath  = "部件/公用设施/下水道堵塞"
)

// instance is one civicgrid deployment: its store, services, notifier and
// HTTP server on a fixed loopback address (so it can be restarted there).
type instance struct {
	t      *testing.T
	name   string
	db     *store.DB
	keys   *pii.Keyring
	now    *ordertest.Now
	orders *order.Service
	ex     *exchange.Service
	note   *notify.Notifier
	addr   string
	srv    *httptest.Server
}

func newInstance(t *testing.T, name string, db *store.DB, now *ordertest.Now) *instance {
	t.Helper()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{byte(len(name))}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{t: t, name: name, db: db, keys: keys, now: now}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	in.addr = ln.Addr().String()
	in.start(ln)
	t.Cleanup(in.stop)
	return in
}

// start builds the services afresh on the store (a restarted process)
// and serves on ln.
func (in *instance) start(ln net.Listener) {
	t := in.t
	t.Helper()
	var err error
	in.orders, err = order.New(order.Config{DB: in.db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: in.keys, DataDir: t.TempDir(), Now: in.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	in.ex, err = exchange.New(exchange.Config{DB: in.db, Orders: in.orders, Keys: in.keys, Now: in.now.Now,
		Client: &http.Client{Timeout: 5 * time.Second}, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	in.note, err = notify.New(notify.Config{DB: in.db, Sinks: []notify.Sink{notify.OnlyTopics(in.ex.Sink(), exchange.Topics...)},
		Now: in.now.Now, RetryBase: time.Minute, Timeout: 5 * time.Second, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	(&exchangeapi.Handler{Exchange: in.ex}).Register(mux)
	in.srv = httptest.NewUnstartedServer(mux)
	in.srv.Listener.Close()
	in.srv.Listener = ln
	in.srv.Start()
}

// stop takes the instance down (idempotent).
func (in *instance) stop() {
	if in.srv != nil {
		in.srv.CloseClientConnections()
		in.srv.Close()
		in.srv = nil
	}
}

// restart brings the instance back on the same store and address.
func (in *instance) restart() {
	in.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", in.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		in.t.Fatal(err)
	}
	in.start(ln)
}

func (in *instance) url() string { return "http://" + in.addr }

// poll runs the notifier once and returns what it did.
func (in *instance) poll() notify.Report {
	in.t.Helper()
	r, err := in.note.Poll(context.Background())
	if err != nil {
		in.t.Fatalf("%s: poll: %v", in.name, err)
	}
	return r
}

// drain polls until the outbox is empty of due events.
func (in *instance) drain() {
	in.t.Helper()
	for i := 0; i < 20; i++ {
		if r := in.poll(); r.Claimed == 0 {
			return
		}
	}
	in.t.Fatalf("%s: outbox did not drain", in.name)
}

func (in *instance) count(q string, args ...any) int {
	in.t.Helper()
	var n int
	if err := in.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		in.t.Fatalf("%s: %v", q, err)
	}
	return n
}

var nextUser int64 = 500

func staff(role, node, dept string) order.Actor {
	nextUser++
	u := auth.User{ID: nextUser, Username: role + node + dept, Role: role, NodeCode: node, DepartmentCode: dept}
	region := ""
	if dept != "" {
		region = ordertest.District
	}
	return order.StaffActor(u, auth.ScopeOf(u, region), "127.0.0.1")
}

var (
	operator   = staff(auth.RoleOperator, ordertest.District, "")
	dispatcher = staff(auth.RoleDispatcher, ordertest.District, "")
	shuiwu     = staff(auth.RoleDepartment, "", "shuiwu")
)

// pair is a city and a district on two stores of one dialect, linked both
// ways, sharing a clock.
type pair struct {
	city, district *instance
	now            *ordertest.Now
}

func newPair(t *testing.T, db *store.DB) *pair {
	t.Helper()
	p := newUnlinkedPair(t, db)
	p.link(t)
	return p
}

// newUnlinkedPair is newPair before the links are made (link).
func newUnlinkedPair(t *testing.T, db *store.DB) *pair {
	t.Helper()
	second := storetest.SQLite(t)
	if db.Dialect() == store.Postgres {
		second = storetest.Postgres(t)
	}
	now := ordertest.NewNow(ordertest.Monday09)
	return &pair{now: now, city: newInstance(t, "city", db, now), district: newInstance(t, "district", second, now)}
}

// link links the city and the district both ways.
func (p *pair) link(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := p.city.ex.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: linkName, Direction: exchange.Downstream, BaseURL: p.district.url(),
		Regions: []string{ordertest.District}, Secret: linkSecret, Key: linkKey}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.district.ex.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: linkName, Direction: exchange.Upstream, BaseURL: p.city.url(),
		Regions: []string{ordertest.District}, Secret: linkSecret, Key: linkKey}); err != nil {
		t.Fatal(err)
	}
}

// file files a sewer order at the city's hotline, in grid A.
func (p *pair) file(t *testing.T, text string) order.Order {
	t.Helper()
	o, _, err := p.city.orders.Create(context.Background(), operator, order.Input{Channel: order.ChannelHotline,
		Category: "sewer.blocked", Description: text, Point: &order.Point{Lng: 123.05, Lat: 41.05}, Address: "明山区新明街 1 号",
		ReporterName: "张三", ReporterPhone: "13800001234"})
	if err != nil {
		t.Fatal(err)
	}
	return o
}
