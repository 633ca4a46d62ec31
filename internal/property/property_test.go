package property_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/property"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type env struct {
	db     *store.DB
	orders *order.Service
	svc    *property.Service
	now    *ordertest.Now
	estate int64 // 阳光小区 in Community1
	other  int64 // 翠园小区 in Community1
	far    int64 // 河畔小区 in Community3
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
	if e.svc, err = property.New(property.Config{DB: db, Keys: keys, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	ed := grid.CommandLine("21")
	for _, x := range []struct {
		id              *int64
		community, name string
	}{{&e.estate, ordertest.Community1, "阳光小区"}, {&e.other, ordertest.Community1, "翠园小区"}, {&e.far, ordertest.Community3, "河畔小区"}} {
		est, err := address.CreateEstate(ctx, db, ed, x.community, x.name)
		if err != nil {
			t.Fatal(err)
		}
		*x.id = est.ID
	}
	return e
}

func actor(id int64, role, node string) property.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return property.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

var (
	community = actor(10, auth.RoleCommunity, ordertest.Community1)
	other     = actor(11, auth.RoleCommunity, ordertest.Community3)
	street    = actor(12, auth.RoleStreet, ordertest.Street1)
	leader    = actor(13, auth.RoleLeader, ordertest.District)
	gridUser  = actor(14, auth.RoleGrid, ordertest.GridA)
	operator  = actor(15, auth.RoleOperator, ordertest.District)
)

func (e *env) file(t *testing.T, cat, address, text string) order.Order {
	t.Helper()
	o, _, err := e.orders.Create(context.Background(), order.StaffActor(operator.User, operator.Scope, "ip"),
		order.Input{Channel: order.ChannelHotline, Category: cat, Description: text, Address: address,
			Point: &order.Point{Lng: 123.05, Lat: 41.05}})
	if err != nil {
		t.Fatal(err)
	}
	e.now.Advance(time.Hour)
	return o
}

func TestCompaniesContractsCommittees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		co, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "明山物业服务有限公司", CreditCode: "91350100M000100Y43",
			ContactName: "王经理", ContactPhone: "13800001111"})
		if err != nil {
			t.Fatal(err)
		}
		if co.DistrictCode != ordertest.District || strings.Contains(co.Contact, "王经理") || strings.Contains(co.Contact, "13800001111") {
			t.Errorf("company %+v: want the street's district, contact masked", co)
		}
		var stored string
		if err := db.QueryRowContext(ctx, `SELECT contact_phone FROM property_companies WHERE id = ?`, co.ID).Scan(&stored); err != nil || strings.Contains(stored, "13800001111") {
			t.Errorf("phone stored as %q (%v)", stored, err)
		}
		bad := []struct {
			name string
			run  func() error
			want error
		}{
			{"the same name", func() error {
				_, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "明山物业服务有限公司", ContactName: "李", ContactPhone: "13800002222"})
				return err
			}, property.ErrConflict},
			{"a wrong credit code", func() error {
				_, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "乙物业", CreditCode: "91350100M000100Y44", ContactName: "李", ContactPhone: "13800002222"})
				return err
			}, property.ErrInvalid},
			{"a grid worker", func() error {
				_, err := e.svc.AddCompany(ctx, gridUser, property.CompanyInput{Name: "丙物业", ContactName: "李", ContactPhone: "13800002222"})
				return err
			}, property.ErrForbidden},
			{"a contract ending before it starts", func() error {
				_, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: co.ID, EstateID: e.estate, StartsOn: "2026-01-01", EndsOn: "2025-12-31"})
				return err
			}, property.ErrInvalid},
			{"another community's compound", func() error {
				_, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: co.ID, EstateID: e.far, StartsOn: "2026-01-01", EndsOn: "2026-12-31"})
				return err
			}, property.ErrNotFound},
		}
		for _, b := range bad {
			if err := b.run(); !errors.Is(err, b.want) {
				t.Errorf("%s: %v, want %v", b.name, err, b.want)
			}
		}
		k, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: co.ID, EstateID: e.estate, StartsOn: "2025-01-01", EndsOn: "2027-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if !k.Current || k.EstateName != "阳光小区" {
			t.Errorf("contract %+v", k)
		}
		second, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "翠园物业", ContactName: "赵", ContactPhone: "13800003333"})
		if err != nil {
			t.Fatal(err)
		}
		// One company at a time: a day of overlap is refused; the day after is not.
		if _, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: second.ID, EstateID: e.estate, StartsOn: "2027-12-31", EndsOn: "2029-12-31"}); !errors.Is(err, property.ErrConflict) {
			t.Errorf("overlapping contract: %v, want ErrConflict", err)
		}
		if _, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: second.ID, EstateID: e.estate, StartsOn: "2028-01-01", EndsOn: "2029-12-31"}); err != nil {
			t.Errorf("the next contract: %v", err)
		}
		if _, err := e.svc.Companies(ctx, property.Actor{User: auth.User{Role: auth.RoleAdmin}}); !errors.Is(err, property.ErrForbidden) {
			t.Errorf("an admin with no scope lists companies: %v, want ErrForbidden", err)
		}
		if list, err := e.svc.Contracts(ctx, other); err != nil || len(list) != 0 {
			t.Errorf("another community sees %d contracts (%v)", len(list), err)
		}

		members := func(n int, directors int) []property.MemberInput {
			var out []property.MemberInput
			for i := range n {
				role := "member"
				if i < directors {
					role = "director"
				}
				out = append(out, property.MemberInput{Name: "业主" + string(rune('甲'+i)), Role: role})
			}
			return out
		}
		committee := func(n, directors int, start, end string) error {
			_, err := e.svc.FileCommittee(ctx, community, property.CommitteeInput{EstateID: e.estate, FiledOn: start, TermStart: start,
				TermEnd: end, Members: members(n, directors)})
			return err
		}
		for _, c := range []struct {
			name         string
			n, directors int
			start, end   string
			want         error
		}{
			{"four members", 4, 1, "2024-06-01", "2029-05-31", property.ErrInvalid},
			{"six members", 6, 1, "2024-06-01", "2029-05-31", property.ErrInvalid},
			{"thirteen members", 13, 1, "2024-06-01", "2029-05-31", property.ErrInvalid},
			{"two directors", 7, 2, "2024-06-01", "2029-05-31", property.ErrInvalid},
			{"a six-year term", 5, 1, "2024-06-01", "2030-06-02", property.ErrInvalid},
		} {
			if err := committee(c.n, c.directors, c.start, c.end); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		if err := committee(5, 1, "2024-06-01", "2029-06-01"); err != nil {
			t.Fatalf("five members, five years: %v", err)
		}
		if err := committee(7, 1, "2029-01-01", "2034-01-01"); !errors.Is(err, property.ErrConflict) {
			t.Errorf("an overlapping term: %v, want ErrConflict", err)
		}
		list, err := e.svc.Committees(ctx, leader)
		if err != nil || len(list) != 1 || len(list[0].Members) != 5 || !list[0].Current {
			t.Fatalf("committees %+v (%v)", list, err)
		}
		if m := list[0].Members[0]; m.Role != "director" || m.Name == "业主甲" {
			t.Errorf("first member %+v: want the director, masked", m)
		}
		var sealed string
		if err := db.QueryRowContext(ctx, `SELECT name FROM committee_members ORDER BY id LIMIT 1`).Scan(&sealed); err != nil || strings.Contains(sealed, "业主") {
			t.Errorf("member name stored as %q", sealed)
		}
	})
}

// TestLinksAndScores: orders naming one compound link automatically to the
// company serving it that day; staff link the others; the score is the
// satisfaction of the linked orders.
func TestLinksAndScores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		co, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "阳光物业", ContactName: "王", ContactPhone: "13800001111"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: co.ID, EstateID: e.estate, StartsOn: "2025-01-01", EndsOn: "2030-12-31"}); err != nil {
			t.Fatal(err)
		}
		named := e.file(t, "property.dispute", "阳光小区5号楼", "物业不管楼道照明")
		both := e.file(t, "property.dispute", "阳光小区门口", "翠园小区的车占了我们的路，物业不管")
		unnamed := e.file(t, "property.dispute", "", "物业乱收费")
		notProperty := e.file(t, "streetlight.out", "阳光小区", "路灯不亮")
		n, err := e.svc.AutoLink(ctx)
		if err != nil || n != 1 {
			t.Fatalf("auto-linked %d (%v), want 1 (only the order naming one compound)", n, err)
		}
		if n, _ := e.svc.AutoLink(ctx); n != 0 {
			t.Errorf("a second run linked %d", n)
		}
		_ = notProperty
		// An order naming no compound links by its grid when one compound
		// has buildings there and a company serving it.
		if _, err := db.ExecContext(ctx, `INSERT INTO buildings (code, grid_code, name, estate_id, created_at, updated_at)
			VALUES (?, ?, '1号楼', ?, 1, 1)`, ordertest.GridA+"001", ordertest.GridA, e.other); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.svc.AutoLink(ctx); n != 0 {
			t.Errorf("linked %d orders to a compound no company serves", n)
		}
		cuiyuan, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "翠园物业", ContactName: "赵", ContactPhone: "13800003333"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: cuiyuan.ID, EstateID: e.other, StartsOn: "2025-01-01", EndsOn: "2030-12-31"}); err != nil {
			t.Fatal(err)
		}
		byGrid := e.file(t, "property.dispute", "", "物业不修电梯")
		dispatcher := actor(16, auth.RoleDispatcher, ordertest.District)
		if n, err := e.svc.AutoLink(ctx); n != 2 || err != nil {
			t.Errorf("auto-linked %d (%v), want 2 by the grid (%s and the unnamed one)", n, err, byGrid.Number)
		}
		if _, err := e.svc.LinkOrder(ctx, dispatcher, unnamed.Number, e.far); err == nil {
			t.Errorf("linked an order to another community's compound")
		}
		if _, err := e.svc.LinkOrder(ctx, gridUser, unnamed.Number, e.estate); !errors.Is(err, property.ErrForbidden) {
			t.Errorf("grid worker links: %v, want ErrForbidden", err)
		}
		l, err := e.svc.LinkOrder(ctx, dispatcher, unnamed.Number, e.estate)
		if err != nil || l.CompanyName != "阳光物业" || l.How != "staff" {
			t.Fatalf("link %+v (%v)", l, err)
		}
		if _, err := e.svc.LinkOrder(ctx, dispatcher, both.Number, e.estate); err != nil {
			t.Fatal(err)
		}
		// Ratings as the callback would leave them.
		for number, rating := range map[string]string{named.Number: "satisfied", unnamed.Number: "unsatisfied", both.Number: "basic"} {
			if _, err := db.ExecContext(ctx, `UPDATE orders SET status = 'closed', rating = ? WHERE number = ?`, rating, number); err != nil {
				t.Fatal(err)
			}
		}
		from := e.now.Now().AddDate(0, 0, -7)
		scores, err := e.svc.Scores(ctx, leader, from, e.now.Now().Add(time.Hour))
		if err != nil || len(scores) != 2 {
			t.Fatalf("scores %+v (%v)", scores, err)
		}
		sc := scores[0]
		if last := scores[1]; last.CompanyName != "翠园物业" || last.Orders != 1 || last.Defined {
			t.Errorf("翠园物业 %+v: want its one unrated order (linked by grid), last", last)
		}
		if sc.Orders != 3 || sc.Rated != 3 || sc.Satisfied != 2 || !sc.Defined || sc.Value != 200.0/3 || !sc.Thin || sc.Estates != 1 {
			t.Errorf("score %+v: want 3 orders, 2 of 3 satisfied (66.7), thin, 1 compound", sc)
		}
		if _, err := e.svc.Scores(ctx, gridUser, from, e.now.Now()); !errors.Is(err, property.ErrForbidden) {
			t.Errorf("grid worker reads scores: %v", err)
		}
	})
}

// TestAutoLinkByAddresses: an order naming no compound links by the
// standard addresses of the one compound in its grid; a grid whose
// addresses belong to two compounds waits for a person.
func TestAutoLinkByAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		co, err := e.svc.AddCompany(ctx, street, property.CompanyInput{Name: "阳光物业", ContactName: "王", ContactPhone: "13800001111"})
		if err != nil {
			t.Fatal(err)
		}
		for _, estate := range []int64{e.estate, e.other} {
			if _, err := e.svc.AddContract(ctx, community, property.ContractInput{CompanyID: co.ID, EstateID: estate, StartsOn: "2025-01-01", EndsOn: "2030-12-31"}); err != nil {
				t.Fatal(err)
			}
		}
		door := func(grid string, estate int64, no string) {
			t.Helper()
			text := "胜利路" + no + "号"
			if _, err := db.ExecContext(ctx, `INSERT INTO addresses (level, community_code, grid_code, road, door_no, estate_id, text, full_text,
				created_at, updated_at) VALUES ('door', ?, ?, '胜利路', ?, ?, ?, ?, 1, 1)`, ordertest.Community1, grid, no, estate, text, text); err != nil {
				t.Fatal(err)
			}
		}
		door(ordertest.GridB, e.estate, "1")
		inB := func() order.Order {
			t.Helper()
			o, _, err := e.orders.Create(ctx, order.StaffActor(operator.User, operator.Scope, "ip"), order.Input{Channel: order.ChannelHotline,
				Category: "property.dispute", Description: "物业不清理垃圾", Point: &order.Point{Lng: 123.15, Lat: 41.05}})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		inB()
		if n, err := e.svc.AutoLink(ctx); n != 1 || err != nil {
			t.Fatalf("linked %d (%v), want the order in grid B by its one compound's address", n, err)
		}
		door(ordertest.GridB, e.other, "2")
		inB()
		if n, err := e.svc.AutoLink(ctx); n != 0 || err != nil {
			t.Errorf("linked %d (%v) in a grid two compounds share, want 0", n, err)
		}
	})
}
