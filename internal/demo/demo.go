// Package demo builds the demo district, 本溪市明山区, into an empty store:
// the real division codes, about 700 grids inside the real outline,
// buildings and units, departments and one user per role.
package demo

import (
	"context"
	"crypto/rand"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

//go:embed data/divisions/*.csv
var divisionFiles embed.FS

// DistrictCode is 本溪市明山区.
const DistrictCode = "210504"

// Credential is a demo user and the password made for it, shown once.
type Credential struct {
	Username, Role, Place, Password string
}

// IsEmpty reports whether the store holds no org tree yet, so the demo
// may be built into it.
func IsEmpty(ctx context.Context, q store.Querier) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
		return false, err
	}
	return n == 0, nil
}

// Options shape what Build makes. The zero Options build the district
// and its users without an order history.
type Options struct {
	// DataDir is the data directory; the key that seals reporters' contact
	// details lives there (unless PIIKeys are given). A history needs it.
	DataDir string
	// PIIKeys are the keys from CIVICGRID_PII_KEY, as the command line read
	// it; blank means the key file in DataDir.
	PIIKeys string
	// History is the order history to simulate (DefaultHistory: 90 days).
	History HistoryOptions
	// Registers fills the grid's information base: standard addresses of
	// every building, unit and flat, houses, a 网格长 and a 网格员 on every
	// grid, 楼长 in the demo community. Off in the zero Options, so tests
	// that need only the district stay fast.
	Registers bool
}

// Build creates the demo district, writing progress to progress. It
// refuses a store that already holds regions.
func Build(ctx context.Context, db *store.DB, opts Options, progress io.Writer) ([]Credential, error) {
	empty, err := IsEmpty(ctx, db)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, fmt.Errorf("demo: the store already holds an org tree; use an empty data directory")
	}
	start := time.Now()
	step := func(format string, args ...any) {
		fmt.Fprintf(progress, "[%5.1fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
	}
	sub, err := fs.Sub(divisionFiles, "data/divisions")
	if err != nil {
		return nil, err
	}
	divs, err := org.ParseDivisions(sub)
	if err != nil {
		return nil, err
	}
	rep, err := org.ImportDivisions(ctx, db, divs, DistrictCode)
	if err != nil {
		return nil, err
	}
	step("divisions: %s", rep.Summary())

	layout, err := DefaultLayout()
	if err != nil {
		return nil, err
	}
	fc, err := layout.FeatureCollection()
	if err != nil {
		return nil, err
	}
	features, err := geo.ParseGridFeatures(fc)
	if err != nil {
		return nil, err
	}
	grep, err := grid.Import(ctx, db, features, grid.ImportOptions{})
	if err != nil {
		return nil, err
	}
	step("grids: %d added", len(grep.Added))

	built, nu, err := addBuildings(ctx, db, layout.Buildings)
	if err != nil {
		return nil, err
	}
	step("buildings: %d, units: %d", len(built), nu)

	for _, d := range departments {
		d.RegionCode = DistrictCode
		if _, err := org.AddDepartment(ctx, db, d, auth.SystemAdmin()); err != nil {
			return nil, err
		}
	}
	step("departments: %d", len(departments))

	creds, err := addUsers(ctx, db, layout)
	if err != nil {
		return nil, err
	}
	step("users: %d", len(creds))

	if opts.Registers {
		gb, err := addGridbase(ctx, db, built, layout.Grids[0].CommunityCode, step)
		if err != nil {
			return nil, err
		}
		step("grid base: %s", gb)
		keys, err := registerKeys(opts.DataDir, opts.PIIKeys)
		if err != nil {
			return nil, err
		}
		pr, err := addPeople(ctx, db, keys, layout.Grids[0].CommunityCode)
		if err != nil {
			return nil, err
		}
		step("实有人口 of the demo community %s: %s", layout.Grids[0].CommunityCode, pr)
		cr, err := addCare(ctx, db, keys, layout.Grids[0].CommunityCode, opts.History.withDefaults(time.Now()).End)
		if err != nil {
			return nil, err
		}
		step("care groups of the demo community: %s", cr)
		nu, nf, err := addRegisters(ctx, db, opts.DataDir, opts.PIIKeys, built, layout.Grids[0].CommunityCode)
		if err != nil {
			return nil, err
		}
		step("实有单位: %d, 部件: %d", nu, nf)
		if err := addProjects(ctx, db, step); err != nil {
			return nil, err
		}
		step("renovation: the 2022 programme (13 小区, 4 projects)")
		owners, err := addEstateOwners(ctx, db, keys, "民建小区")
		if err != nil {
			return nil, err
		}
		step("民建小区's owners in the people register: %d", owners)
		cs, err := addConsultations(ctx, db, opts.DataDir)
		if err != nil {
			return nil, err
		}
		step("征询 in 民建小区: %s", cs)
	}

	if _, err := addHistory(ctx, db, opts.DataDir, opts.PIIKeys, opts.History, step); err != nil {
		return nil, err
	}
	if opts.Registers {
		if err := addCommunityLife(ctx, db, opts, step); err != nil {
			return nil, err
		}
		keys, err := registerKeys(opts.DataDir, opts.PIIKeys)
		if err != nil {
			return nil, err
		}
		pr, err := addProperty(ctx, db, keys, opts.History.withDefaults(time.Now()).End)
		if err != nil {
			return nil, err
		}
		step("物业与业委会: %s", pr)
		t0 := time.Now()
		pt, err := addParty(ctx, db, keys, opts.History.withDefaults(time.Now()).End, layout.Grids[0].CommunityCode)
		if err != nil {
			return nil, err
		}
		step("党建: %s (%.2fs)", pt, time.Since(t0).Seconds())
	}
	nk, err := addKnowledge(ctx, db)
	if err != nil {
		return nil, err
	}
	step("知识库: %d articles", nk)
	return creds, nil
}

// builtBuilding is a stored building with its units.
type builtBuilding struct {
	grid.Building
	units []grid.Unit
}

// addBuildings stores every building with its units in one transaction:
// urban 楼 get 2–4 units (单元), village 院 none.
func addBuildings(ctx context.Context, db *store.DB, buildings []LayoutBuilding) (built []builtBuilding, nu int, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		built = built[:0]
		for i, lb := range buildings {
			b, err := grid.CreateBuilding(ctx, tx, grid.Building{
				GridCode: grid.GridCode(lb.CommunityCode, lb.GridSeq), Name: lb.Name, Address: lb.Address,
				Lng: lb.Point.Lon(), Lat: lb.Point.Lat(), HasPoint: true,
			})
			if err != nil {
				return fmt.Errorf("building %s: %w", lb.Address, err)
			}
			built = append(built, builtBuilding{Building: b})
			if !isUrbanBuilding(lb.Name) {
				continue
			}
			for u := 1; u <= 2+i%3; u++ {
				un, err := grid.CreateUnit(ctx, tx, b.Code, fmt.Sprintf("%d单元", u))
				if err != nil {
					return err
				}
				built[len(built)-1].units = append(built[len(built)-1].units, un)
				nu++
			}
		}
		return nil
	})
	return built, nu, err
}

func isUrbanBuilding(name string) bool {
	r := []rune(name)
	return len(r) > 0 && r[len(r)-1] == '楼'
}

// departments are the 区直部门 the demo ships; codes are the ones the
// category catalogue routes to.
var departments = []org.Department{
	{Code: "chengguan", Name: "区城市管理综合行政执法局"},
	{Code: "shuiwu", Name: "区水务局"},
	{Code: "gongdian", Name: "明山供电分公司"},
	{Code: "ranqi", Name: "本溪市燃气公司明山营业所"},
	{Code: "zhujian", Name: "区住房和城乡建设局"},
	{Code: "huanwei", Name: "区环境卫生服务中心"},
	{Code: "yuanlin", Name: "区园林绿化中心"},
	{Code: "gongan", Name: "明山公安分局"},
	{Code: "sifa", Name: "区司法局"},
	{Code: "shengtai", Name: "明山生态环境分局"},
	{Code: "shichang", Name: "区市场监督管理局"},
	{Code: "jiaotong", Name: "区交通运输局"},
	{Code: "minzheng", Name: "区民政局"},
	{Code: "renshe", Name: "区人力资源和社会保障局"},
}

// newPassword makes a 14-character password for username from an
// alphabet without look-alike characters, so it can be read off a screen;
// a draw the password policy refuses (it holds the username, by a rare
// chance) is drawn again.
func newPassword(username string) (string, error) {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	for {
		b := make([]byte, 14)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return "", err
			}
			b[i] = alphabet[n.Int64()]
		}
		if auth.ValidatePassword(string(b), username) == nil {
			return string(b), nil
		}
	}
}
