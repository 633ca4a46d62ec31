package demo

import (
	"context"
	cryptorand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// demoAreaCodes are the county-level codes of 本溪市 (2105xx): where the
// demo's local people's ID numbers were issued.
var demoAreaCodes = []string{"210502", "210503", "210504", "210504", "210504", "210505", "210521", "210522"}

// outsideAreaCodes issue the ID numbers of people registered elsewhere (外地).
var outsideAreaCodes = []string{"210102", "210202", "210302", "210603", "220102", "230103", "370202", "410105", "130102"}

type peopleReport struct{ people, households, owners, floating, rented int }

func (r peopleReport) String() string {
	return fmt.Sprintf("people %d (流动 %d), households %d, owners %d, rented houses with tenants %d", r.people, r.floating, r.households, r.owners, r.rented)
}

// idGen makes synthetic resident ID numbers: real area codes, a birth
// date, a sequence number (odd for men) and the MOD 11-2 check character;
// never twice the same.
type idGen struct {
	rng  *rand.Rand
	seen map[string]bool
}

func (g *idGen) next(area string, birth time.Time, male bool) string {
	for {
		seq := g.rng.IntN(500) * 2
		if male {
			seq++
		}
		first := fmt.Sprintf("%s%s%03d", area, birth.Format("20060102"), seq)
		if n := first + string(people.CheckChar(first)); !g.seen[n] {
			g.seen[n] = true
			return n
		}
	}
}

func givenName(rng *rand.Rand, male bool) string {
	chars := givenFemale
	if male {
		chars = givenMale
	}
	name := string(chars[rng.IntN(len(chars))])
	if rng.IntN(3) > 0 {
		name += string(chars[rng.IntN(len(chars))])
	}
	return name
}

// addPeople fills the register of the demo community: an owner household
// in each owner-lived flat (a couple, children, sometimes a parent),
// tenants — mostly 流动人口 from elsewhere — in each rented one, owned by
// someone of another flat; nobody in empty flats and shops. Names are
// generated and ID numbers synthetic (2105xx areas, valid check
// characters): no real person. Only the demo community, so the demo stays
// quick to build.
func addPeople(ctx context.Context, db *store.DB, keys *pii.Keyring, community string) (peopleReport, error) {
	var rep peopleReport
	rng := rand.New(rand.NewPCG(3, 2026))
	gen := &idGen{rng: rng, seen: map[string]bool{}}
	scope := people.CommandLine(community).Scope
	var hs []address.House
	for {
		more, err := address.ListHouses(ctx, db, scope, address.HouseFilter{Under: community}, address.MaxList, len(hs))
		if err != nil {
			return rep, err
		}
		hs = append(hs, more...)
		if len(more) < address.MaxList {
			break
		}
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	svc := people.New(db, keys, func() time.Time { return now })
	birth := func(minAge, maxAge int) time.Time {
		return now.AddDate(-minAge-rng.IntN(maxAge-minAge+1), 0, -rng.IntN(365))
	}
	type member struct {
		row int
		rel string
	}
	var rows []people.Row
	var households [][]member
	var householdHouse []address.House
	var ownerOf []int // row of the owner of houses[i], -1 none
	var rentedHouses []address.House
	add := func(h address.House, name string, male bool, b time.Time, local bool, res string) int {
		area := demoAreaCodes[rng.IntN(len(demoAreaCodes))]
		hukou := people.HukouLocal
		if !local {
			area, hukou = outsideAreaCodes[rng.IntN(len(outsideAreaCodes))], people.HukouOther
		}
		in := people.Input{Name: name, DocNumber: gen.next(area, b, male), Hukou: hukou, Residence: res, HouseID: h.ID,
			Separated: local && rng.IntN(25) == 0}
		if now.Year()-b.Year() >= 16 && rng.IntN(10) < 8 {
			in.Phone = phone(rng)
		}
		if res == people.ResidentFloating || rng.IntN(5) == 0 {
			in.MovedIn = now.AddDate(0, -1-rng.IntN(60), 0).Format("2006-01-02")
		}
		rows = append(rows, people.Row{Input: in, GridCode: h.GridCode, CommunityCode: h.CommunityCode, BuildingCode: h.BuildingCode})
		return len(rows) - 1
	}
	for _, h := range hs {
		switch h.Use {
		case address.UseOwn:
			sur := surname(rng)
			headMale := rng.IntN(3) > 0
			var ms []member
			head := add(h, sur+givenName(rng, headMale), headMale, birth(28, 80), rng.IntN(10) > 0, people.ResidentPermanent)
			ms = append(ms, member{head, people.RelationHead})
			ownerOf = append(ownerOf, head)
			if rng.IntN(10) < 8 {
				ms = append(ms, member{add(h, surname(rng)+givenName(rng, !headMale), !headMale, birth(28, 75), true, people.ResidentPermanent), "spouse"})
			}
			for k := rng.IntN(3); k > 0; k-- {
				male := rng.IntN(2) == 0
				rel := "daughter"
				if male {
					rel = "son"
				}
				fam := sur
				if !headMale {
					fam = surname(rng)
				}
				ms = append(ms, member{add(h, fam+givenName(rng, male), male, birth(0, 25), true, people.ResidentPermanent), rel})
			}
			if rng.IntN(8) == 0 {
				male := rng.IntN(2) == 0
				ms = append(ms, member{add(h, surname(rng)+givenName(rng, male), male, birth(70, 92), true, people.ResidentPermanent), "parent"})
			}
			households = append(households, ms)
			householdHouse = append(householdHouse, h)
		case address.UseRent:
			var ms []member
			for k := 0; k < max(h.TenantCount, 1); k++ {
				male := rng.IntN(2) == 0
				res := people.ResidentFloating
				if rng.IntN(5) == 0 {
					res = people.ResidentLodging
				}
				local := rng.IntN(4) == 0
				rel := "other"
				if k == 0 {
					rel = people.RelationHead
				}
				r := add(h, surname(rng)+givenName(rng, male), male, birth(18, 55), local, res)
				if !local {
					rep.floating++
				}
				ms = append(ms, member{r, rel})
			}
			households = append(households, ms)
			householdHouse = append(householdHouse, h)
			rentedHouses = append(rentedHouses, h)
		}
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := svc.InsertBulk(ctx, tx, rows)
		if err != nil {
			return err
		}
		var bhs []people.BulkHousehold
		var owners []people.Owner
		for i, ms := range households {
			h := householdHouse[i]
			bh := people.BulkHousehold{CommunityCode: h.CommunityCode, GridCode: h.GridCode, HouseID: h.ID}
			for _, m := range ms {
				bh.Members = append(bh.Members, people.Member{PersonID: ids[m.row], Relation: m.rel})
			}
			bhs = append(bhs, bh)
			if h.Use == address.UseOwn {
				owners = append(owners, people.Owner{HouseID: h.ID, PersonID: ids[ms[0].row]})
				if len(ms) > 1 && ms[1].rel == "spouse" { // joint owners, half each
					owners[len(owners)-1].ShareBP = 5000
					owners = append(owners, people.Owner{HouseID: h.ID, PersonID: ids[ms[1].row], ShareBP: 5000})
				}
			}
		}
		// A rented flat belongs to the head of an owner-lived one: some
		// people own several flats.
		for _, h := range rentedHouses {
			if len(ownerOf) == 0 {
				break
			}
			owners = append(owners, people.Owner{HouseID: h.ID, PersonID: ids[ownerOf[rng.IntN(len(ownerOf))]]})
		}
		if err := people.InsertHouseholds(ctx, tx, bhs, store.Millis(now)); err != nil {
			return err
		}
		rep.people, rep.households, rep.owners, rep.rented = len(rows), len(bhs), len(owners), len(rentedHouses)
		return people.InsertOwners(ctx, tx, owners)
	})
	return rep, err
}

// registerKeys is the keyring that seals the register: the keys given
// (CIVICGRID_PII_KEY) or the data directory's. A build without either
// (tests of the layout) seals with a throwaway key.
func registerKeys(dataDir, piiKeys string) (*pii.Keyring, error) {
	if dataDir != "" || strings.TrimSpace(piiKeys) != "" {
		return pii.Load(dataDir, piiKeys)
	}
	raw := make([]byte, pii.KeySize)
	if _, err := cryptorand.Read(raw); err != nil {
		return nil, err
	}
	return pii.NewKeyring(raw)
}
