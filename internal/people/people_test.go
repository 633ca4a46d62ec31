package people_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestRegisterSearchReveal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		comm := w.actors["communitya"]
		zhang, err := w.svc.Create(ctx, comm, people.Input{Name: "张三丰", DocNumber: idn(1), Phone: "138-1234-5678", HouseID: w.houseA1,
			Hukou: "外地", Residence: "流动", MovedIn: "2024-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if zhang.Name != "张**" || zhang.DocNumber != "2105**********"+idn(1)[14:] || zhang.Phone != "138****5678" ||
			zhang.Sex != "M" || zhang.BirthYear != 1980 || zhang.GridCode != w.gridA1 || zhang.BuildingCode != w.buildingA1 ||
			zhang.Residence != people.ResidentFloating || zhang.Hukou != people.HukouOther || zhang.HouseText == "" {
			t.Fatalf("created %+v", zhang)
		}
		// A wrong checksum names the field and changes nothing.
		bad := idn(2)[:17] + "0"
		if bad == idn(2) {
			bad = idn(2)[:17] + "1"
		}
		_, err = w.svc.Create(ctx, comm, people.Input{Name: "李四", DocNumber: bad, HouseID: w.houseA1})
		var fe *people.FieldError
		if !errors.As(err, &fe) || fe.Field != "id_number" || !strings.Contains(fe.Msg, "校验位") {
			t.Fatalf("wrong checksum: %v", err)
		}
		// The same document twice is a conflict.
		if _, err := w.svc.Create(ctx, comm, people.Input{Name: "张三", DocNumber: idn(1), HouseID: w.houseA1b}); !errors.Is(err, people.ErrConflict) {
			t.Fatalf("same document twice: %v", err)
		}
		li, err := w.svc.Create(ctx, comm, people.Input{Name: "李四", DocType: "passport", DocNumber: "E12345678", Phone: "02412345678", HouseID: w.houseA1b})
		if err != nil {
			t.Fatal(err)
		}
		zhangsi, err := w.svc.Create(ctx, comm, people.Input{Name: "张四", DocNumber: idn(3), HouseID: w.houseA2})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Create(ctx, w.actors["communityb"], people.Input{Name: "张五", DocNumber: idn(4), HouseID: w.houseB}); err != nil {
			t.Fatal(err)
		}
		// Another community's house is not found.
		if _, err := w.svc.Create(ctx, comm, people.Input{Name: "王五", DocNumber: idn(5), HouseID: w.houseB}); !errors.As(err, &fe) || fe.Field != "house_id" {
			t.Fatalf("house out of scope: %v", err)
		}

		search := func(a people.Actor, q string) []int64 {
			t.Helper()
			res, err := w.svc.Search(ctx, a, q, 10)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var ids []int64
			for _, p := range res.People {
				ids = append(ids, p.ID)
			}
			return ids
		}
		for q, want := range map[string][]int64{
			idn(1): {zhang.ID}, strings.ToLower(idn(1)): {zhang.ID}, "13812345678": {zhang.ID}, "+86 138 1234 5678": {zhang.ID},
			"张三丰": {zhang.ID}, "张": {zhang.ID, zhangsi.ID}, "e12345678": {li.ID}, "024-12345678": {li.ID}, "王": nil,
		} {
			if got := search(comm, q); !equal(got, want) {
				t.Errorf("search %q = %v, want %v", q, got, want)
			}
		}
		// A grid worker finds only their grid's people, a 楼长 their building's.
		if got := search(w.actors["grida1"], "张"); !equal(got, []int64{zhang.ID}) {
			t.Errorf("grid worker: %v", got)
		}
		if got := search(w.actors["buildinga1"], idn(3)); len(got) != 0 {
			t.Errorf("楼长 found a person of another building: %v", got)
		}
		if got := search(w.actors["communityb"], "13812345678"); len(got) != 0 {
			t.Errorf("another community found %v", got)
		}

		// Reveal needs a purpose and is audited.
		if _, err := w.svc.Reveal(ctx, comm, zhang.ID, "x"); !errors.As(err, &fe) || fe.Field != "purpose" {
			t.Fatalf("reveal without purpose: %v", err)
		}
		full, err := w.svc.Reveal(ctx, comm, zhang.ID, "上门核实居住情况")
		if err != nil || full.Name != "张三丰" || full.DocNumber != idn(1) || full.Phone != "13812345678" || !full.Revealed {
			t.Fatalf("reveal %+v %v", full, err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'person.reveal' AND target = ? AND detail LIKE '%上门核实%'`,
			"person:"+itoa(zhang.ID)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("reveal audit rows %d %v", n, err)
		}
		if _, err := w.svc.Reveal(ctx, w.actors["buildinga1"], zhang.ID, "上门核实居住情况"); !errors.Is(err, people.ErrForbidden) {
			t.Fatalf("楼长 revealed: %v", err)
		}

		// Update with a stale version is refused; with the current one it moves the person.
		in := people.Input{Name: "张三丰", DocNumber: idn(1), Phone: "13812345678", HouseID: w.houseA2, Residence: "常住"}
		if _, err := w.svc.Update(ctx, comm, zhang.ID, zhang.Version+1, in); !errors.Is(err, people.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		moved, err := w.svc.Update(ctx, comm, zhang.ID, zhang.Version, in)
		if err != nil || moved.GridCode != w.gridA2 || moved.Residence != people.ResidentPermanent || moved.Version != zhang.Version+1 {
			t.Fatalf("update %+v %v", moved, err)
		}

		// Counts for a street and leaders; names for neither.
		cs, err := w.svc.Counts(ctx, w.actors["leader"], "")
		if err != nil || len(cs) != 3 {
			t.Fatalf("counts %+v %v", cs, err)
		}
		if _, err := w.svc.List(ctx, w.actors["street"], people.Filter{}, 10, 0); !errors.Is(err, people.ErrForbidden) {
			t.Fatalf("street listed names: %v", err)
		}

		// No plaintext name, ID number or phone anywhere in the store.
		for _, secret := range []string{"张三丰", idn(1), idn(3), "13812345678", "E12345678", "02412345678"} {
			assertNotStored(t, ctx, db, secret)
		}
	})
}

func TestHouseholdsAndOwners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		comm := w.actors["communitya"]
		var ids []int64
		for i, name := range []string{"赵一", "钱二", "孙三"} {
			p, err := w.svc.Create(ctx, comm, people.Input{Name: name, DocNumber: idn(10 + i), HouseID: w.houseA1})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		var fe *people.FieldError
		// A person twice in one household.
		_, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[0], "户主"}, {ids[1], "配偶"}, {ids[1], "子"}})
		if !errors.As(err, &fe) || fe.Field != "members" {
			t.Fatalf("twice: %v", err)
		}
		if _, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[0], "配偶"}}); !errors.As(err, &fe) {
			t.Fatalf("no head: %v", err)
		}
		h, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[1], "spouse"}, {ids[0], "户主"}})
		if err != nil || len(h.Members) != 2 || h.Members[0].ID != ids[0] || h.Members[0].Relation != people.RelationHead || h.HouseID != w.houseA1 {
			t.Fatalf("household %+v %v", h, err)
		}
		if _, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[2], "户主"}, {ids[1], "配偶"}}); !errors.Is(err, people.ErrConflict) {
			t.Fatalf("in two households: %v", err)
		}
		if _, err := w.svc.Household(ctx, w.actors["communityb"], h.ID); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("another community saw the household: %v", err)
		}

		// Owners: one person owns two houses; shares optional.
		if err := w.svc.SetOwners(ctx, comm, w.houseA1, []people.Owner{{PersonID: ids[0], ShareBP: 5000}, {PersonID: ids[1], ShareBP: 5000}}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetOwners(ctx, comm, w.houseA2, []people.Owner{{PersonID: ids[0]}}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetOwners(ctx, comm, w.houseA1b, []people.Owner{{PersonID: ids[2], ShareBP: 6000}, {PersonID: ids[1], ShareBP: 6000}}); !errors.As(err, &fe) {
			t.Fatalf("shares over 100%%: %v", err)
		}
		if err := w.svc.SetOwners(ctx, w.actors["communityb"], w.houseA1, nil); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("another community set owners: %v", err)
		}
		own, err := people.OwnersOf(ctx, db, []int64{w.houseA1, w.houseA2, w.houseA1b})
		if err != nil || len(own[w.houseA1]) != 2 || own[w.houseA1][0].ShareBP != 5000 || len(own[w.houseA2]) != 1 || len(own[w.houseA1b]) != 0 {
			t.Fatalf("owners %+v %v", own, err)
		}
		hs, err := w.svc.HousesOwnedBy(ctx, comm, ids[0])
		if err != nil || len(hs) != 2 {
			t.Fatalf("houses owned %+v %v", hs, err)
		}
	})
}

// TestAuthorization tries every role on people in and out of its scope.
func TestAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		in := map[string]int64{}
		for i, h := range []struct {
			key   string
			house int64
			by    string
		}{{"a1", w.houseA1, "communitya"}, {"a2", w.houseA2, "communitya"}, {"b", w.houseB, "communityb"}} {
			p, err := w.svc.Create(ctx, w.actors[h.by], people.Input{Name: "测试" + strings.ToUpper(h.key[:1]), DocNumber: idn(20 + i), HouseID: h.house})
			if err != nil {
				t.Fatal(err)
			}
			in[h.key] = p.ID
		}
		// sees: which people a role reads by name (others: not found); "-" forbidden.
		for role, sees := range map[string]string{
			"admin": "a1 a2 b", "communitya": "a1 a2", "communityb": "b", "grida1": "a1", "buildinga1": "a1",
			"street": "-", "leader": "-", "operator": "-", "dispatcher": "-", "supervisor": "-", "department": "-",
		} {
			a := w.actors[role]
			for key, id := range in {
				_, err := w.svc.Get(ctx, a, id)
				switch {
				case sees == "-":
					if !errors.Is(err, people.ErrForbidden) {
						t.Errorf("%s read %s: %v", role, key, err)
					}
				case strings.Contains(sees, key):
					if err != nil {
						t.Errorf("%s cannot read %s: %v", role, key, err)
					}
				default:
					if !errors.Is(err, people.ErrNotFound) {
						t.Errorf("%s read %s out of scope: %v", role, key, err)
					}
				}
			}
			// Writing: only the register's keepers, in scope.
			_, err := w.svc.Create(ctx, a, people.Input{Name: "新人", DocNumber: idn(90), HouseID: w.houseA1})
			mayWrite := role == "admin" || role == "communitya" || role == "grida1"
			if mayWrite != (err == nil) {
				t.Errorf("%s creating in A1: %v", role, err)
			}
			if err == nil {
				if _, err := db.ExecContext(ctx, `DELETE FROM people WHERE name_blind = ?`, w.keys.Blind("新人")); err != nil {
					t.Fatal(err)
				}
			}
			// Reporting a change for a house of building A1: its 楼长, the
			// community and its grid; another community does not find it.
			_, err = w.svc.ReportChange(ctx, a, people.ChangeInput{Kind: "tenancy", HouseID: w.houseA1, Use: "vacant"})
			switch role {
			case "admin", "communitya", "grida1", "buildinga1":
				if err != nil {
					t.Errorf("%s reporting: %v", role, err)
				}
			case "communityb":
				if !errors.Is(err, people.ErrInvalid) { // the house field: no such house in your scope
					t.Errorf("%s reporting out of scope: %v", role, err)
				}
			default:
				if !errors.Is(err, people.ErrForbidden) {
					t.Errorf("%s reporting: %v", role, err)
				}
			}
			// Counts: streets and leaders too; operators and others not.
			_, err = w.svc.Counts(ctx, a, "")
			if mayCount := sees != "-" || role == "street" || role == "leader"; mayCount != (err == nil) {
				t.Errorf("%s counts: %v", role, err)
			}
		}
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// assertNotStored looks for secret in every text column of the tables
// this package writes (and the audit log), and on SQLite in the database
// file and its WAL themselves.
func assertNotStored(t *testing.T, ctx context.Context, db *store.DB, secret string) {
	t.Helper()
	like := "%" + secret + "%"
	for _, q := range []string{
		`SELECT COUNT(*) FROM people WHERE name_sealed LIKE ? OR doc_sealed LIKE ? OR phone_sealed LIKE ? OR name_blind LIKE ? OR moved_in LIKE ?`,
		`SELECT COUNT(*) FROM audit_log WHERE detail LIKE ? OR target LIKE ? OR action LIKE ? OR actor_name LIKE ? OR ip LIKE ?`,
		`SELECT COUNT(*) FROM people_changes WHERE payload_sealed LIKE ? OR reason LIKE ? OR kind LIKE ? OR status LIKE ? OR building_code LIKE ?`,
	} {
		var n int
		if err := db.QueryRowContext(ctx, q, like, like, like, like, like).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%q found in the store: %s", secret, q)
		}
	}
	if db.Dialect() != store.SQLite {
		return
	}
	var seq int
	var name, file string
	if err := db.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{file, file + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secret) {
			t.Fatalf("%q found in %s", secret, f)
		}
	}
}

// TestHouseholdMembers: joining and leaving a household; a person twice,
// a second head, another household's member and other roles and scopes
// are refused and change nothing.
func TestHouseholdMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		comm := w.actors["communitya"]
		var ids []int64
		for i, name := range []string{"周一", "吴二", "郑三", "王四"} {
			p, err := w.svc.Create(ctx, comm, people.Input{Name: name, DocNumber: idn(40 + i), HouseID: w.houseA1})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		h, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[0], "户主"}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[3], "户主"}})
		if err != nil {
			t.Fatal(err)
		}
		var fe *people.FieldError
		if _, err := w.svc.AddToHousehold(ctx, comm, h.ID, people.Member{PersonID: ids[1], Relation: "户主"}); !errors.As(err, &fe) {
			t.Errorf("second head: %v", err)
		}
		if _, err := w.svc.AddToHousehold(ctx, comm, h.ID, people.Member{PersonID: ids[0], Relation: "子"}); !errors.As(err, &fe) {
			t.Errorf("the head twice: %v", err)
		}
		if _, err := w.svc.AddToHousehold(ctx, comm, h.ID, people.Member{PersonID: ids[3], Relation: "子"}); !errors.Is(err, people.ErrConflict) {
			t.Errorf("another household's head: %v", err)
		}
		for role, want := range map[string]error{"communityb": people.ErrNotFound, "street": people.ErrForbidden,
			"buildinga1": people.ErrForbidden, "operator": people.ErrForbidden} {
			if _, err := w.svc.AddToHousehold(ctx, w.actors[role], h.ID, people.Member{PersonID: ids[1], Relation: "配偶"}); !errors.Is(err, want) {
				t.Errorf("%s adding: %v, want %v", role, err, want)
			}
			if err := w.svc.RemoveFromHousehold(ctx, w.actors[role], h.ID, ids[0]); !errors.Is(err, want) {
				t.Errorf("%s removing: %v, want %v", role, err, want)
			}
		}
		for _, m := range []people.Member{{ids[1], "配偶"}, {ids[2], "daughter"}} {
			if _, err := w.svc.AddToHousehold(ctx, w.actors["grida1"], h.ID, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := w.svc.Household(ctx, comm, h.ID)
		if err != nil || len(got.Members) != 3 || got.Members[0].ID != ids[0] || got.Members[2].Relation != "daughter" {
			t.Fatalf("household %+v %v", got, err)
		}
		if err := w.svc.RemoveFromHousehold(ctx, comm, h.ID, ids[0]); !errors.Is(err, people.ErrConflict) {
			t.Errorf("head left first: %v", err)
		}
		if err := w.svc.RemoveFromHousehold(ctx, comm, other.ID, ids[1]); !errors.Is(err, people.ErrNotFound) {
			t.Errorf("removing from the wrong household: %v", err)
		}
		for _, id := range []int64{ids[2], ids[1], ids[0]} {
			if err := w.svc.RemoveFromHousehold(ctx, comm, h.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.Household(ctx, comm, h.ID); !errors.Is(err, people.ErrNotFound) {
			t.Errorf("an empty household is still found: %v", err)
		}
		if _, err := w.svc.CreateHousehold(ctx, comm, []people.Member{{ids[1], "户主"}, {ids[0], "父母"}}); err != nil {
			t.Errorf("former members form a new household: %v", err)
		}
	})
}
