package consultation_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

const (
	district = "210504"
	streetA  = "210504002"
	streetB  = "210504003"
	communA  = "210504002001"
	communB  = "210504003001"
)

// world: 民建小区 in A with one building of six flats (areas in dm²
// below), a project covering it; 新明小区 in B with one flat.
type world struct {
	estate, other int64
	houses        []int64 // the six flats of 民建小区
	outside       int64   // a flat of 新明小区
	projectID     int64
	admin         grid.Editor
	community     grid.Editor
	streetB       grid.Editor
	grid          grid.Editor
}

// areas: 100, 80, 80, 60, 60, 20 m² — 400 m² in all.
var areas = []int64{10000, 8000, 8000, 6000, 6000, 2000}

func rect(x0, x1 float64) orb.Polygon {
	const u = 0.001
	return orb.Polygon{orb.Ring{{123 + x0*u, 41}, {123 + x1*u, 41}, {123 + x1*u, 41 + 4*u}, {123 + x0*u, 41 + 4*u}, {123 + x0*u, 41}}}
}

func seed(t *testing.T, db *store.DB) world {
	t.Helper()
	ctx := context.Background()
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""}, {"2105", "本溪市", "city", "21"}, {district, "明山区", "district", "2105"},
		{streetA, "明山街道", "street", district}, {communA, "民建社区", "community", streetA},
		{streetB, "新明街道", "street", district}, {communB, "新明社区", "community", streetB},
	} {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, r.name, r.name, r.level, parent); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := grid.Import(ctx, db, []geo.GridFeature{
		{Index: 0, CommunityCode: communA, Name: "一网格", Seq: 1, Geometry: rect(0, 4)},
		{Index: 1, CommunityCode: communB, Name: "新一网格", Seq: 1, Geometry: rect(10, 14)},
	}, grid.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	w := world{admin: grid.CommandLine(district)}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		add := func(community, name string, lng float64, rooms []string, area func(i int) int64) (int64, []int64, error) {
			e, err := address.CreateEstate(ctx, tx, w.admin, community, name)
			if err != nil {
				return 0, nil, err
			}
			b, err := grid.CreateBuilding(ctx, tx, grid.Building{GridCode: community + "001", Name: "1号楼", Lng: lng, Lat: 41.001, HasPoint: true})
			if err != nil {
				return 0, nil, err
			}
			u, err := grid.CreateUnit(ctx, tx, b.Code, "1单元")
			if err != nil {
				return 0, nil, err
			}
			if _, err := address.AddTree(ctx, tx, w.admin, address.TreeInput{Road: "民建路", DoorNo: "1", EstateID: e.ID, Building: b, Units: []grid.Unit{u},
				Rooms: func(grid.Unit) []address.RoomInput {
					var out []address.RoomInput
					for i, r := range rooms {
						out = append(out, address.RoomInput{RoomNo: r, House: &address.HouseInput{Use: address.UseOwn, AreaDM2: area(i)}})
					}
					return out
				}}); err != nil {
				return 0, nil, err
			}
			var ids []int64
			// Largest first, as the areas are listed.
			rows, err := tx.QueryContext(ctx, `SELECT id FROM houses WHERE building_code = ? ORDER BY area_dm2 DESC, id`, b.Code)
			if err != nil {
				return 0, nil, err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return 0, nil, err
				}
				ids = append(ids, id)
			}
			return e.ID, ids, rows.Err()
		}
		var err error
		if w.estate, w.houses, err = add(communA, "民建小区", 123.001, []string{"101", "102", "201", "202", "301", "302"}, func(i int) int64 { return areas[i] }); err != nil {
			return err
		}
		var out []int64
		if w.other, out, err = add(communB, "新明小区", 123.011, []string{"101"}, func(int) int64 { return 9000 }); err != nil {
			return err
		}
		w.outside = out[0]
		// Owners: one person owns flats 1 and 2; flats 3–5 one owner each;
		// flat 6 has none recorded.
		owner := func(n int, houses ...int64) error {
			var pid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO people (community_code, grid_code, name_sealed, name_blind, doc_type, doc_sealed, doc_blind, hukou, residence, created_at, updated_at)
				VALUES (?, ?, 'sealed', ?, 'id', 'sealed', ?, 'local', 'resident', 1, 1) RETURNING id`, communA, communA+"001",
				fmt.Sprint("n", n), fmt.Sprint("d", n)).Scan(&pid); err != nil {
				return err
			}
			for _, h := range houses {
				if _, err := tx.ExecContext(ctx, `INSERT INTO house_owners (house_id, person_id) VALUES (?, ?)`, h, pid); err != nil {
					return err
				}
			}
			return nil
		}
		for i, hs := range [][]int64{{w.houses[0], w.houses[1]}, {w.houses[2]}, {w.houses[3]}, {w.houses[4]}} {
			if err := owner(i, hs...); err != nil {
				return err
			}
		}
		if err := project.SeedCatalogues(ctx, tx, w.admin); err != nil {
			return err
		}
		prog, err := project.CreateProgramme(ctx, tx, w.admin, project.Programme{RegionCode: district, Year: 2022, Name: "2022年老旧小区改造", Published: true})
		if err != nil {
			return err
		}
		p, err := project.Create(ctx, tx, w.admin, project.Input{ProgrammeID: prog.ID, Name: "民建小区配套基础设施", Scope: "配套基础设施", Level: "mid",
			BudgetFen: 100_000_00, EstateIDs: []int64{w.estate, w.other}, Published: true})
		w.projectID = p.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.community = grid.Editor{Role: auth.RoleCommunity, Scope: auth.ScopeOf(auth.User{ID: 0, Role: auth.RoleCommunity, NodeCode: communA}, "")}
	w.streetB = grid.Editor{Role: auth.RoleStreet, Scope: auth.ScopeOf(auth.User{ID: 0, Role: auth.RoleStreet, NodeCode: streetB}, "")}
	w.grid = grid.Editor{Role: auth.RoleGrid, Scope: auth.ScopeOf(auth.User{ID: 0, Role: auth.RoleGrid, NodeCode: communA}, "")}
	return w
}

// sheet is a JPEG standing for the photo of a signed paper ballot, with an
// EXIF block that must not survive.
func sheet(t *testing.T) []byte {
	t.Helper()
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	tiff := []byte("II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	out = append(out, app1...)
	return append(out, img.Bytes()[2:]...)
}
