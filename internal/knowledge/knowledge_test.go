package knowledge_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type env struct {
	db     *store.DB
	orders *order.Service
	kb     *knowledge.Service
	now    *ordertest.Now
	// Actors: an admin, the gas department (ranqi), the water department
	// (shuiwu) and an operator.
	admin, gas, water, operator order.Actor
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(ctx, db); err != nil {
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
	e.kb = &knowledge.Service{DB: db, Orders: e.orders, Now: e.now.Now}
	mk := func(id int64, role, node, dept string) order.Actor {
		var n, d any
		if node != "" {
			n = node
		}
		if dept != "" {
			d = dept
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, username, role, node_code, department_code, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'x', 1, 1)`, id, role+dept, role, n, d); err != nil {
			t.Fatal(err)
		}
		u := auth.User{ID: id, Username: role + dept, DisplayName: role, Role: role, NodeCode: node, DepartmentCode: dept}
		return order.StaffActor(u, auth.ScopeOf(u, ordertest.District), "127.0.0.1")
	}
	e.admin = mk(1, auth.RoleAdmin, "2105", "")
	e.gas = mk(2, auth.RoleDepartment, "", "ranqi")
	e.water = mk(3, auth.RoleDepartment, "", "shuiwu")
	e.operator = mk(4, auth.RoleOperator, ordertest.District, "")
	return e
}

var articles = []knowledge.Input{
	{Question: "燃气费怎么缴纳？", Answer: "可通过燃气公司营业厅、微信公众号或银行代扣缴纳燃气费，逾期不缴将停止供气。",
		CategoryCode: "consult.service", Source: "本溪市燃气供用气管理办法"},
	{Question: "燃气表坏了找谁修？", Answer: "燃气表由燃气公司免费检修，请拨打燃气公司服务电话预约上门。", CategoryCode: "consult.service"},
}

func TestPublishSearchAndExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		// The gas department publishes for itself only; an operator may not publish.
		a1, err := e.kb.Create(ctx, e.gas, articles[0])
		if err != nil {
			t.Fatal(err)
		}
		if a1.DeptCode != "ranqi" || a1.State != knowledge.StatePublished || a1.Version != 1 {
			t.Fatalf("created %+v", a1)
		}
		in := articles[1]
		in.DeptCode = "shuiwu"
		if _, err := e.kb.Create(ctx, e.gas, in); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("gas publishing for water: %v", err)
		}
		if _, err := e.kb.Create(ctx, e.operator, articles[1]); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("operator publishing: %v", err)
		}
		for _, bad := range []knowledge.Input{
			{Question: "", Answer: "一个足够长的答复内容"},
			{Question: "问题", Answer: "短"},
			{Question: "问题", Answer: "一个足够长的答复内容", CategoryCode: "no.such"},
			{Question: "问题", Answer: "一个足够长的答复内容", ValidFrom: ordertest.Monday09, ValidTo: ordertest.Monday09},
		} {
			if _, err := e.kb.Create(ctx, e.admin, bad); errs.KindOf(err) != errs.Invalid {
				t.Errorf("bad input %+v: %v", bad, err)
			}
		}
		in = articles[1]
		in.ValidTo = ordertest.Monday09.Add(48 * time.Hour)
		a2, err := e.kb.Create(ctx, e.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		// A caller's words find the article about them first.
		m, err := e.kb.Search(ctx, "我家燃气表坏了，不走字了，找谁来修", 5)
		if err != nil || len(m) == 0 || m[0].Article.ID != a2.ID {
			t.Fatalf("search: %+v, %v", m, err)
		}
		m, err = e.kb.Search(ctx, "请问燃气费在哪里交", 5)
		if err != nil || len(m) == 0 || m[0].Article.ID != a1.ID {
			t.Fatalf("search: %+v, %v", m, err)
		}
		if m, _ := e.kb.Search(ctx, "小区门口路灯不亮", 5); len(m) != 0 {
			t.Fatalf("unrelated text matched %+v", m)
		}
		if _, err := e.kb.Search(ctx, "  ", 5); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("empty search: %v", err)
		}
		// Past its end date an article drops out of search and the FAQ.
		e.now.Advance(72 * time.Hour)
		m, _ = e.kb.Search(ctx, "我家燃气表坏了，不走字了，找谁来修", 5)
		for _, x := range m {
			if x.Article.ID == a2.ID {
				t.Fatalf("expired article still found")
			}
		}
		live, err := e.kb.Live(ctx)
		if err != nil || len(live) != 1 || live[0].ID != a1.ID {
			t.Fatalf("live: %+v, %v", live, err)
		}
		// The water department may not change the gas department's article; a stale version is refused.
		if _, err := e.kb.Update(ctx, e.water, a1.ID, a1.Version, articles[0]); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("water editing gas: %v", err)
		}
		upd := articles[0]
		upd.ValidTo = e.now.Now().Add(time.Hour)
		if _, err := e.kb.Update(ctx, e.gas, a1.ID, a1.Version+1, upd); errs.KindOf(err) != errs.Stale {
			t.Fatalf("stale edit: %v", err)
		}
		if a1, err = e.kb.Update(ctx, e.gas, a1.ID, a1.Version, upd); err != nil || a1.Version != 2 {
			t.Fatalf("edit: %+v, %v", a1, err)
		}
	})
}

func TestProposeReviewAndAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		// A consultation answered by hand, then proposed as an article for the gas department.
		o, _, err := e.orders.Create(ctx, e.operator, order.Input{Channel: order.ChannelHotline, Category: "consult.service",
			Description: "燃气开户需要带什么材料？", GridCode: ordertest.GridA, Address: "东兴小区1号楼"})
		if err != nil {
			t.Fatal(err)
		}
		in := knowledge.Input{Question: "燃气开户需要带什么材料？", Answer: "携带房产证、身份证原件到燃气营业厅办理开户，当场办结。",
			DeptCode: "ranqi", FromOrder: o.Number}
		p, err := e.kb.Propose(ctx, e.operator, in)
		if err != nil || p.State != knowledge.StateProposed || p.FromOrder != o.Number {
			t.Fatalf("propose: %+v, %v", p, err)
		}
		// Not yet searchable; the water department does not see it, the gas one has it to review.
		if m, _ := e.kb.Search(ctx, "燃气开户带什么材料", 5); len(m) != 0 {
			t.Fatalf("proposal found: %+v", m)
		}
		if _, err := e.kb.Review(ctx, e.water, p.ID, p.Version, true, ""); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("water reviewing: %v", err)
		}
		if n, _ := e.kb.Pending(ctx, e.gas); n != 1 {
			t.Fatalf("gas pending %d", n)
		}
		if n, _ := e.kb.Pending(ctx, e.water); n != 0 {
			t.Fatalf("water pending %d", n)
		}
		if _, err := e.kb.Review(ctx, e.gas, p.ID, p.Version, false, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("reject without reason: %v", err)
		}
		if got := knowledge.ActionsOn(e.gas, p); !got.Review {
			t.Fatalf("gas actions %+v", got)
		}
		if got := knowledge.ActionsOn(e.operator, p); got.Review || got.Edit {
			t.Fatalf("operator actions %+v", got)
		}
		pub, err := e.kb.Review(ctx, e.gas, p.ID, p.Version, true, "内容准确")
		if err != nil || pub.State != knowledge.StatePublished || pub.ReviewedBy != e.gas.UserID {
			t.Fatalf("approve: %+v, %v", pub, err)
		}
		if _, err := e.kb.Review(ctx, e.gas, p.ID, pub.Version, true, ""); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second review: %v", err)
		}
		// A second caller asks the same; the operator answers from the article in one step.
		o2, _, err := e.orders.Create(ctx, e.operator, order.Input{Channel: order.ChannelHotline, Category: "consult.service",
			Description: "我想给新房开通燃气，要准备哪些材料", GridCode: ordertest.GridA, Address: "东兴小区1号楼"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := e.kb.Search(ctx, o2.Description, 3)
		if err != nil || len(m) == 0 || m[0].Article.ID != pub.ID {
			t.Fatalf("search: %+v, %v", m, err)
		}
		done, err := e.kb.AnswerFrom(ctx, e.operator, o2.Number, o2.Version, pub.ID)
		if err != nil || done.Status != order.StatusClosed {
			t.Fatalf("answer from article: %+v, %v", done, err)
		}
		used, ok, err := e.kb.UsedFor(ctx, o2.Number)
		if err != nil || !ok || used.ID != pub.ID {
			t.Fatalf("used for: %+v %v %v", used, ok, err)
		}
		if art, _ := e.kb.Get(ctx, e.operator, pub.ID); art.Uses != 1 {
			t.Fatalf("uses %d", art.Uses)
		}
		// A non-consultation cannot be answered; nothing is recorded.
		o3, _, err := e.orders.Create(ctx, e.operator, order.Input{Channel: order.ChannelHotline, Category: "streetlight.out",
			Description: "路灯不亮", GridCode: ordertest.GridA, Address: "东兴小区1号楼"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.kb.AnswerFrom(ctx, e.operator, o3.Number, o3.Version, pub.ID); err == nil {
			t.Fatal("answered a streetlight order")
		}
		if _, ok, _ := e.kb.UsedFor(ctx, o3.Number); ok {
			t.Fatal("use recorded for a refused answer")
		}
		// A rejected proposal stays out of search and is seen by its proposer.
		r, err := e.kb.Propose(ctx, e.operator, knowledge.Input{Question: "燃气可以私自改管吗？", Answer: "可以随便改，没关系的。", DeptCode: "ranqi"})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = e.kb.Review(ctx, e.gas, r.ID, r.Version, false, "答复错误：严禁私自改装燃气管道"); err != nil || r.State != knowledge.StateRejected {
			t.Fatalf("reject: %+v, %v", r, err)
		}
		if _, err := e.kb.Get(ctx, e.operator, r.ID); err != nil {
			t.Fatalf("proposer reading: %v", err)
		}
		if _, err := e.kb.Get(ctx, e.water, r.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("water reading: %v", err)
		}
		list, err := e.kb.List(ctx, e.water, knowledge.Filter{})
		if err != nil || len(list) != 1 || list[0].ID != pub.ID {
			t.Fatalf("water's list: %+v, %v", list, err)
		}
	})
}
