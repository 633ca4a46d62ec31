package party_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/party"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

type env struct {
	db     *store.DB
	keys   *pii.Keyring
	orders *order.Service
	svc    *party.Service
	now    *ordertest.Now
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, keys: keys, now: ordertest.NewNow(ordertest.Monday09)}
	if e.orders, err = order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: keys, DataDir: t.TempDir(), Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	if e.svc, err = party.New(party.Config{DB: db, Keys: keys, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func actor(id int64, role, node string) party.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return party.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

var (
	comm1    = actor(10, auth.RoleCommunity, ordertest.Community1)
	comm3    = actor(11, auth.RoleCommunity, ordertest.Community3)
	street1  = actor(12, auth.RoleStreet, ordertest.Street1)
	leader   = actor(13, auth.RoleLeader, ordertest.District)
	admin    = actor(14, auth.RoleAdmin, ordertest.District)
	gridUser = actor(15, auth.RoleGrid, ordertest.GridA)
)

// idNumber is a valid resident ID number (GB 11643) for seq.
func idNumber(seq int) string {
	p := fmt.Sprintf("210504198%d0101%03d", seq%10, seq%1000)
	return p + string(people.CheckChar(p))
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// must(f())(t) is f's value, or the test stops on its error.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// world is a community with a top organisation and a branch, a unit of
// the district paired with Community3, and members: a 社区党员 and a
// 在职党员 living in Community1.
type world struct {
	top, branch       party.Org
	unit              party.Unit
	resident, working party.Member
}

func (e *env) world(t *testing.T) world {
	t.Helper()
	ctx := context.Background()
	var w world
	w.top = must(e.svc.AddOrg(ctx, comm1, party.OrgInput{CommunityCode: ordertest.Community1, Kind: party.OrgGeneral, Name: "东兴社区党总支", Secretary: "李书记"}))(t)
	w.branch = must(e.svc.AddOrg(ctx, comm1, party.OrgInput{CommunityCode: ordertest.Community1, Kind: party.OrgBranch, ParentID: w.top.ID, Name: "第一党支部"}))(t)
	w.unit = must(e.svc.AddUnit(ctx, admin, party.UnitInput{Name: "明山区财政局", Kind: "organ", PairedCode: ordertest.Community3}))(t)
	w.resident = must(e.svc.AddMember(ctx, comm1, party.MemberInput{Kind: party.MemberCommunity, CommunityCode: ordertest.Community1,
		OrgID: w.branch.ID, Name: "王秀英", Phone: "13900001111", IDNumber: idNumber(1)}))(t)
	w.working = must(e.svc.AddMember(ctx, comm1, party.MemberInput{Kind: party.MemberWorking, CommunityCode: ordertest.Community1,
		UnitID: w.unit.ID, Name: "赵建国", Phone: "13800002222", IDNumber: idNumber(2)}))(t)
	return w
}

// household adds a household in grid A of Community1.
func (e *env) household(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := e.db.QueryRowContext(context.Background(), `INSERT INTO households (community_code, grid_code, created_at, updated_at)
		VALUES (?, ?, 1, 1) RETURNING id`, ordertest.Community1, ordertest.GridA).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

var hour = time.Hour
