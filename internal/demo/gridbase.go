package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Demo houses: six floors of two flats per unit (101 … 602).
const (
	demoFloors   = 6
	demoPerFloor = 2
)

type gridbaseReport struct {
	estates, addresses, houses, staff, buildingHeads int
}

func (r gridbaseReport) String() string {
	return fmt.Sprintf("小区 %d, addresses %d, houses %d, grid staff %d, 楼长 %d",
		r.estates, r.addresses, r.houses, r.staff, r.buildingHeads)
}

// addGridbase fills the grid's information base: a 小区 and a road per
// urban community, a door plate per grid's block and the addresses of
// every building, unit and flat with its house; a door plate per village
// courtyard; a 网格长 and a 网格员 on every grid; a 楼长 on every building
// of the demo community.
func addGridbase(ctx context.Context, db *store.DB, built []builtBuilding, demoCommunity string, step func(string, ...any)) (gridbaseReport, error) {
	var rep gridbaseReport
	rng := rand.New(rand.NewPCG(11, 2026))
	ed := grid.CommandLine(DistrictCode)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		names := map[string]string{}
		estates := map[string]int64{}
		for _, b := range built {
			community := b.GridCode[:12]
			base, ok := names[community]
			if !ok {
				r, err := org.GetRegion(ctx, tx, community)
				if err != nil {
					return err
				}
				base = strings.TrimSuffix(strings.TrimSuffix(r.Name, "社区"), "居委会")
				names[community] = base
			}
			if !isUrbanBuilding(b.Name) {
				// A village courtyard (院) is known by its door plate.
				if _, err := address.Create(ctx, tx, ed, nil, address.Input{Road: base, DoorNo: firstDigits(b.Name),
					GridCode: b.GridCode, Lng: b.Lng, Lat: b.Lat, HasPoint: b.HasPoint}); err != nil {
					return fmt.Errorf("demo: courtyard %s: %w", b.Code, err)
				}
				rep.addresses++
				continue
			}
			estate, ok := estates[community]
			if !ok {
				e, err := address.CreateEstate(ctx, tx, ed, community, base+"小区")
				if err != nil {
					return err
				}
				estate, estates[community] = e.ID, e.ID
				rep.estates++
			}
			// The buildings of one grid stand behind one door plate.
			door := fmt.Sprint(2*gridSeq(b.GridCode) - 1)
			res, err := address.AddTree(ctx, tx, ed, address.TreeInput{Road: base + "路", DoorNo: door, EstateID: estate,
				Building: b.Building, Units: b.units, Rooms: func(u grid.Unit) []address.RoomInput { return demoRooms(rng) }})
			if err != nil {
				return fmt.Errorf("demo: addresses of %s: %w", b.Code, err)
			}
			rep.addresses += res.Addresses
			rep.houses += res.Houses
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	step("addresses: %d, houses: %d, 小区: %d", rep.addresses, rep.houses, rep.estates)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		rep.staff, rep.buildingHeads, err = addStaff(ctx, tx, ed, built, demoCommunity, rng)
		return err
	})
	return rep, err
}

func firstDigits(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		return s
	}
	return s[:i]
}

func gridSeq(code string) int {
	n := 0
	for _, c := range code[12:] {
		n = n*10 + int(c-'0')
	}
	return n
}

// demoRooms are a unit's flats with plausible houses: mostly lived in by
// owners, some rented (with tenants and a year's lease), some empty, a
// few ground-floor shops.
func demoRooms(rng *rand.Rand) []address.RoomInput {
	out := make([]address.RoomInput, 0, demoFloors*demoPerFloor)
	for f := 1; f <= demoFloors; f++ {
		for n := 1; n <= demoPerFloor; n++ {
			h := address.HouseInput{Use: address.UseOwn, AreaDM2: int64(4500 + rng.IntN(9500))}
			switch x := rng.IntN(100); {
			case x < 16:
				h.Use, h.TenantCount = address.UseRent, 1+rng.IntN(4)
				start := 1 + rng.IntN(12)
				h.LeaseStart = fmt.Sprintf("2026-%02d-01", start)
				h.LeaseEnd = fmt.Sprintf("2027-%02d-01", start)
			case x < 24:
				h.Use = address.UseVacant
			case x < 27 && f == 1:
				h.Use = address.UseBusiness
			case x < 29:
				h.Use = address.UseOther
			}
			out = append(out, address.RoomInput{RoomNo: fmt.Sprintf("%d%02d", f, n), House: &h})
		}
	}
	return out
}

// addStaff puts a 网格长 and a 网格员 on every grid that lacks them and a
// 楼长 on every building of the demo community that lacks one, as roster
// accounts (no password until an admin sets one).
func addStaff(ctx context.Context, tx *store.Tx, ed grid.Editor, built []builtBuilding, demoCommunity string, rng *rand.Rand) (staff, heads int, err error) {
	type post struct {
		code, role string
		user       auth.NewUser
	}
	var posts []post
	seen := map[string]bool{}
	for _, b := range built {
		if seen[b.GridCode] {
			continue
		}
		seen[b.GridCode] = true
		ms, err := grid.Members(ctx, tx, b.GridCode)
		if err != nil {
			return 0, 0, err
		}
		has := map[string]bool{}
		for _, m := range ms {
			has[m.Role] = true
		}
		for _, role := range []string{grid.RoleHead, grid.RoleWorker} {
			if !has[role] {
				prefix, title := "gh", "网格长"
				if role == grid.RoleWorker {
					prefix, title = "gw", "网格员"
				}
				posts = append(posts, post{b.GridCode, role, auth.NewUser{Username: prefix + b.GridCode,
					DisplayName: fullName(rng) + "（" + title + "）", Role: auth.RoleGrid, NodeCode: b.GridCode[:12]}})
			}
		}
	}
	for _, b := range built {
		if b.GridCode[:12] != demoCommunity || !isUrbanBuilding(b.Name) {
			continue
		}
		ms, err := grid.BuildingMembers(ctx, tx, b.Code)
		if err != nil {
			return 0, 0, err
		}
		if len(ms) == 0 {
			posts = append(posts, post{b.Code, grid.RoleBuildingHead, auth.NewUser{Username: "lz" + b.Code,
				DisplayName: fullName(rng) + "（" + b.Name + "楼长）", Role: auth.RoleBuilding, NodeCode: demoCommunity}})
		}
	}
	users := make([]auth.NewUser, len(posts))
	for i, p := range posts {
		users[i] = p.user
	}
	ids, err := auth.CreateRoster(ctx, tx, users, auth.Actor{})
	if err != nil {
		return 0, 0, err
	}
	for i, p := range posts {
		if p.role == grid.RoleBuildingHead {
			if err := grid.AppointBuilding(ctx, tx, ed, p.code, "", ids[i], p.role, grid.DutyPart); err != nil {
				return 0, 0, err
			}
			heads++
			continue
		}
		duty := grid.DutyFull
		if p.role == grid.RoleWorker && rng.IntN(4) == 0 {
			duty = grid.DutyPart
		}
		if err := grid.Appoint(ctx, tx, ed, p.code, ids[i], p.role, duty); err != nil {
			return 0, 0, err
		}
		staff++
	}
	return staff, heads, nil
}
