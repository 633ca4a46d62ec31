package volunteer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/volunteer"
)

type env struct {
	db     *store.DB
	orders *order.Service
	svc    *volunteer.Service
	now    *ordertest.Now
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, now: ordertest.NewNow(ordertest.Monday09)}
	if e.orders, err = order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: keys, DataDir: t.TempDir(), Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	if e.svc, err = volunteer.New(volunteer.Config{DB: db, Keys: keys, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func actor(id int64, role, node string) volunteer.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return volunteer.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

var (
	community = actor(10, auth.RoleCommunity, ordertest.Community1)
	other     = actor(11, auth.RoleCommunity, ordertest.Community3)
	street    = actor(12, auth.RoleStreet, ordertest.Street1)
	leader    = actor(13, auth.RoleLeader, ordertest.District)
	gridUser  = actor(14, auth.RoleGrid, ordertest.GridA)
	operator  = actor(15, auth.RoleOperator, ordertest.District)
)

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// want fails unless err is of kind and (when text is given) says it.
func want(t *testing.T, what string, err error, kind errs.Kind, text string) {
	t.Helper()
	if errs.KindOf(err) != kind || !strings.Contains(errText(err), text) {
		t.Fatalf("%s: got %v, want %v saying %q", what, err, kind, text)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (e *env) register(t *testing.T, a volunteer.Actor, comm string, team int64, name, phone string) volunteer.Volunteer {
	t.Helper()
	v, err := e.svc.Register(context.Background(), a, volunteer.RegisterInput{CommunityCode: comm, TeamID: team, Name: name, Phone: phone,
		Skills: []string{"elder"}, Availability: []string{"weekend"}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
