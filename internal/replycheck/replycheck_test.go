package replycheck_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/replycheck"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// fixed answers every relevance question with one score.
type fixed struct {
	score  float64
	judged bool
}

func (f fixed) Relevance(context.Context, string, string) (float64, bool, error) {
	return f.score, f.judged, nil
}

const demand = "胜利路12号楼前路灯不亮已经三天了，晚上出门很危险"

func TestCheckFlags(t *testing.T) {
	ctx := context.Background()
	good := "经现场核查，该路灯线路老化，已于12月3日更换电缆并恢复照明，依据《城市照明管理规定》第十五条纳入每月巡检。"
	for _, c := range []struct {
		name, reply string
		rel         replycheck.Relevancer
		want        []string
	}{
		{"complete", good, fixed{1, true}, nil},
		{"off the demand", good, fixed{0.05, true}, []string{replycheck.FlagIrrelevant}},
		{"relevance not judged", good, fixed{0, false}, nil},
		{"too short, nothing in it", "收到。", fixed{1, true}, []string{replycheck.FlagShort, replycheck.FlagNoResult, replycheck.FlagNoBasis, replycheck.FlagNoTime}},
		{"no basis, no time", "路灯已经修好了，晚上可以正常照明了，请放心出行。", fixed{1, true}, []string{replycheck.FlagNoBasis, replycheck.FlagNoTime}},
		{"no result", "经现场核查，12月3日工作人员到达现场查看路灯情况，情况属实。", fixed{1, true}, []string{replycheck.FlagNoResult}},
		{"time in words", "经核实，路灯当天已恢复照明，请放心。", fixed{1, true}, nil},
		{"empty", "  ", fixed{1, true}, []string{replycheck.FlagShort, replycheck.FlagNoResult, replycheck.FlagNoBasis, replycheck.FlagNoTime}},
	} {
		res, err := replycheck.Check(ctx, c.rel, demand, c.reply)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Flags, c.want) || res.OK() != (len(c.want) == 0) {
			t.Errorf("%s: flags %v, want %v", c.name, res.Flags, c.want)
		}
	}
}

// TestForOrders: the latest resolve note of each resolved order is
// checked; orders without one are absent.
func TestForOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ordertest.SeedOrg(t, db)
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		now := ordertest.NewNow(ordertest.Monday09)
		orders, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
			Keys: keys, DataDir: t.TempDir(), Now: now.Now})
		if err != nil {
			t.Fatal(err)
		}
		u := auth.User{ID: 5, Username: "gw", Role: auth.RoleGrid, NodeCode: ordertest.Community1}
		gw := order.StaffActor(u, auth.ScopeOf(u, ""), "127.0.0.1")
		in := order.Input{Channel: order.ChannelPatrol, Category: "litter.exposed", Description: "绿化带内有暴露垃圾",
			Point: &order.Point{Lng: 123.05, Lat: 41.05}}
		handled, ok, _, err := orders.FileHandled(ctx, gw, in, "已当场清理")
		if err != nil || !ok {
			t.Fatalf("file handled: %v %v", ok, err)
		}
		in.Description, in.IdempotencyKey = "绿化带里的垃圾又堆起来了", "second"
		open, _, err := orders.Create(ctx, gw, in)
		if err != nil {
			t.Fatal(err)
		}
		svc := &replycheck.Service{Orders: orders, Relevance: fixed{1, true}}
		got, err := svc.ForOrders(ctx, []order.Order{handled, open})
		if err != nil {
			t.Fatal(err)
		}
		c, ok := got[handled.Number]
		if len(got) != 1 || !ok || c.Reply != "已当场清理" || !slices.Contains(c.Flags, replycheck.FlagShort) {
			t.Fatalf("checked %+v", got)
		}
		one, ok, err := svc.ForOrder(ctx, gw, handled.Number)
		if err != nil || !ok || !strings.Contains(one.Reply, "清理") {
			t.Fatalf("for order: %+v %v %v", one, ok, err)
		}
		other := auth.User{ID: 6, Username: "gw3", Role: auth.RoleGrid, NodeCode: ordertest.Community3}
		if _, _, err := svc.ForOrder(ctx, order.StaffActor(other, auth.ScopeOf(other, ""), ""), handled.Number); err == nil {
			t.Fatal("another community read the reply")
		}
	})
}
