package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// site is a building where residents live and orders happen; an order's
// point is its building's point, so it falls in the building's grid.
type site struct {
	code, grid, community string
	communityName         string
	village               bool
	name                  string // 20号楼, 9号院
	address               string // 明山区永光社区20号楼
	lng, lat              float64
	units                 int // 单元 of an urban 楼; 0 for a village 院
}

// places are the district's sites, with the weights orders are drawn by.
type places struct {
	sites       []site
	cum         []float64 // cumulative draw weights over sites
	streets     []org.Region
	communities map[string]org.Region // by code, communities and villages
}

// Draw weights: an urban 楼 holds far more households than a village 院;
// the demo grid gets extra so its users see a busy history.
const (
	urbanWeight    = 1.0
	villageWeight  = 0.35
	demoGridWeight = 8.0
)

func loadPlaces(ctx context.Context, db *store.DB, demoGrid string) (*places, error) {
	p := &places{communities: map[string]org.Region{}}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil {
		return nil, err
	}
	for _, s := range streets {
		if s.Level != org.LevelStreet {
			continue
		}
		p.streets = append(p.streets, s)
		cs, err := org.Children(ctx, db, s.Code)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			p.communities[c.Code] = c
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT b.code, b.grid_code, b.name, b.address, b.lng, b.lat,
		(SELECT COUNT(*) FROM units u WHERE u.building_code = b.code)
		FROM buildings b WHERE b.lng IS NOT NULL AND b.lat IS NOT NULL ORDER BY b.code`)
	if err != nil {
		return nil, fmt.Errorf("demo: buildings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s site
		if err := rows.Scan(&s.code, &s.grid, &s.name, &s.address, &s.lng, &s.lat, &s.units); err != nil {
			return nil, err
		}
		s.community = s.grid[:12]
		c, ok := p.communities[s.community]
		if !ok {
			continue // a building outside the district's tree
		}
		s.communityName, s.village = c.Name, c.Level == org.LevelVillage
		p.sites = append(p.sites, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(p.sites) == 0 {
		return nil, fmt.Errorf("demo: no buildings with a point to place orders at")
	}
	total := 0.0
	for _, s := range p.sites {
		w := urbanWeight
		if s.village {
			w = villageWeight
		}
		if s.grid == demoGrid {
			w *= demoGridWeight
		}
		total += w
		p.cum = append(p.cum, total)
	}
	return p, nil
}

// draw picks a site by weight.
func (p *places) draw(rng *rand.Rand) site {
	x := rng.Float64() * p.cum[len(p.cum)-1]
	return p.sites[sort.SearchFloat64s(p.cum, x)]
}
