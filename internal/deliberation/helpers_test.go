package deliberation_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/deliberation"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

type env struct {
	db     *store.DB
	orders *order.Service
	svc    *deliberation.Service
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
	if e.svc, err = deliberation.New(deliberation.Config{DB: db, Keys: keys, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func actor(id int64, role, node string) deliberation.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return deliberation.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

var (
	community = actor(10, auth.RoleCommunity, ordertest.Community1)
	other     = actor(11, auth.RoleCommunity, ordertest.Community3)
	street    = actor(12, auth.RoleStreet, ordertest.Street1)
	leader    = actor(13, auth.RoleLeader, ordertest.District)
	gridUser  = actor(14, auth.RoleGrid, ordertest.GridA)
	operator  = actor(15, auth.RoleOperator, ordertest.District)
)

// meetingWithTopic calls a meeting of Community1 an hour ahead and puts a
// fresh staff topic on it.
func (e *env) meetingWithTopic(t *testing.T) (deliberation.Meeting, deliberation.Topic) {
	t.Helper()
	ctx := context.Background()
	m, err := e.svc.CreateMeeting(ctx, community, deliberation.MeetingInput{CommunityCode: ordertest.Community1, Body: "议事协商委员会",
		Title: "十二月议事协商会", Place: "社区党群服务中心", StartsAt: e.now.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tp, err := e.svc.Propose(ctx, community, deliberation.TopicInput{CommunityCode: ordertest.Community1, Title: "3号楼前增设非机动车充电桩",
		Description: "居民反映电动车楼道充电有火灾隐患，建议在3号楼前空地增设集中充电桩"})
	if err != nil {
		t.Fatal(err)
	}
	if tp, err = e.svc.Schedule(ctx, community, tp.ID, tp.Version, m.ID); err != nil {
		t.Fatal(err)
	}
	return m, tp
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
