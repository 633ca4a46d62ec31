package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// intakePlace is where an order is: a point inside a demo grid, checked
// with the same locator the server uses, and how a resident names it.
type intakePlace struct {
	lng, lat float64
	grid     string
	address  string // the building's address; "" for a spot in the street
	name     string // in the description: "3号楼", "小区门口"
}

// intakeSpots name a point in a grid that is not a building.
var intakeSpots = []string{"小区门口", "路口", "公交站旁边", "菜市场附近", "学校门口", "小区东门", "路边"}

// intakeAtBuilding is the share of orders filed at a building (with its
// address); the rest are a random point of the grid, as a map pin is.
const intakeAtBuilding = 0.75

// intakePlaces picks n places from the store's grids and buildings, the
// same for the same seed: a grid drawn evenly from all of them, then one
// of its buildings or a random point inside it. Every point is located to
// its grid first, so no order is refused as "in no grid".
func intakePlaces(ctx context.Context, db *store.DB, n int, seed uint64) ([]intakePlace, int, error) {
	grids, err := grid.All(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if len(grids) == 0 {
		return nil, 0, fmt.Errorf("the store holds no grids")
	}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	buildings, err := buildingsByGrid(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x1a7a4e))
	out := make([]intakePlace, 0, n)
	for len(out) < n {
		g := grids[rng.IntN(len(grids))]
		if bs := buildings[g.Code]; len(bs) > 0 && rng.Float64() < intakeAtBuilding {
			b := bs[rng.IntN(len(bs))]
			if code, ok := loc.Locate(b.lng, b.lat); !ok || code != g.Code {
				return nil, 0, fmt.Errorf("building %s of grid %s locates to %q", b.address, g.Code, code)
			}
			out = append(out, b)
			continue
		}
		bound := g.Geometry.Bound()
		found := false
		for try := 0; try < 1000 && !found; try++ {
			lng := bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0])
			lat := bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])
			if code, ok := loc.Locate(lng, lat); ok && code == g.Code {
				out = append(out, intakePlace{lng: lng, lat: lat, grid: g.Code, name: intakeSpots[rng.IntN(len(intakeSpots))]})
				found = true
			}
		}
		if !found {
			return nil, 0, fmt.Errorf("no point of 1000 tries inside grid %s locates to it", g.Code)
		}
	}
	return out, len(grids), nil
}

func buildingsByGrid(ctx context.Context, db *store.DB) (map[string][]intakePlace, error) {
	rows, err := db.QueryContext(ctx, `SELECT grid_code, name, address, lng, lat FROM buildings
		WHERE lng IS NOT NULL AND lat IS NOT NULL ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]intakePlace{}
	for rows.Next() {
		var p intakePlace
		if err := rows.Scan(&p.grid, &p.name, &p.address, &p.lng, &p.lat); err != nil {
			return nil, err
		}
		out[p.grid] = append(out[p.grid], p)
	}
	return out, rows.Err()
}

// intakeBody is a resident's web order as POST /api/v1/orders takes it.
type intakeBody struct {
	Channel     string            `json:"channel"`
	Category    string            `json:"category"`
	Description string            `json:"description"`
	Attributes  map[string]string `json:"attributes,omitempty"`
	Lat         float64           `json:"lat"`
	Lng         float64           `json:"lng"`
	Address     string            `json:"address,omitempty"`
	Reporter    struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"reporter"`
	Confidential bool `json:"confidential"`
}

var (
	intakeSurnames = []rune("王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹")
	intakeGiven    = []string{"秀英", "桂兰", "建国", "志强", "丽", "伟", "敏", "静", "军", "磊", "洋", "艳", "勇",
		"杰", "娟", "涛", "明", "超", "霞", "平", "刚", "玉兰", "淑珍", "凤英", "宏伟", "海燕", "国庆"}
	intakeTitles = []string{"女士", "先生", "阿姨", "大爷"}
)

// intakeConfidential is the share of residents who ask for 保密.
const intakeConfidential = 0.1

// intakeBodies makes n request bodies, the same for the same seed: a matter
// drawn by its weight, one of its sayings about the place, an urging, and a
// reporter with a name (sometimes only 王女士) and a mobile number.
func intakeBodies(places []intakePlace, matters []intakeMatter, n int, seed uint64) ([][]byte, error) {
	total := 0
	for _, m := range matters {
		total += m.weight
	}
	if total <= 0 || len(places) == 0 {
		return nil, fmt.Errorf("no matters or no places to file orders about")
	}
	rng := rand.New(rand.NewPCG(seed, 0xb0d1e5))
	out := make([][]byte, n)
	for i := range out {
		m := pickMatter(matters, rng.IntN(total))
		s := m.says[rng.IntN(len(m.says))]
		p := places[rng.IntN(len(places))]
		b := intakeBody{Channel: "web", Category: m.category, Attributes: s.attrs, Lat: p.lat, Lng: p.lng,
			Address: p.address, Confidential: rng.Float64() < intakeConfidential}
		b.Description = strings.Replace(s.text, "P", p.name, 1) + intakeUrgings[rng.IntN(len(intakeUrgings))]
		b.Reporter.Name = residentName(rng)
		b.Reporter.Phone = fmt.Sprintf("1%c%09d", "35789"[rng.IntN(5)], rng.IntN(1_000_000_000))
		var err error
		if out[i], err = json.Marshal(b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func pickMatter(matters []intakeMatter, r int) intakeMatter {
	for _, m := range matters {
		if r < m.weight {
			return m
		}
		r -= m.weight
	}
	return matters[len(matters)-1]
}

func residentName(rng *rand.Rand) string {
	surname := string(intakeSurnames[rng.IntN(len(intakeSurnames))])
	if rng.IntN(4) == 0 {
		return surname + intakeTitles[rng.IntN(len(intakeTitles))]
	}
	return surname + intakeGiven[rng.IntN(len(intakeGiven))]
}
