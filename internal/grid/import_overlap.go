package grid

import (
	"context"
	"fmt"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

func checkOverlapsInFile(plan []planned, tol float64, verr *geo.ValidationError) {
	features := make([]geo.GridFeature, len(plan))
	for i := range plan {
		features[i] = plan[i].f
	}
	for _, o := range geo.FindOverlaps(features, tol) {
		a, b := plan[o.I].f, plan[o.J].f
		verr.Addf(a.Index, a.Name, "overlaps feature %d (%s) by %.0f m²", b.Index, b.Name, o.AreaM2)
	}
}

// checkOverlapsStored compares the features with stored grids near them,
// except those they replace. Features whose code is unsettled (a problem is
// already recorded) are left out: their own stored version would show up.
func checkOverlapsStored(ctx context.Context, tx *store.Tx, plan []planned, tol float64, verr *geo.ValidationError) error {
	replacing := map[string]bool{}
	var incoming []orb.Geometry
	var who []int
	var all orb.Bound
	for i := range plan {
		if plan[i].seq == 0 {
			continue
		}
		replacing[plan[i].code()] = true
		b := plan[i].f.Geometry.Bound()
		if len(who) == 0 {
			all = b
		} else {
			all = all.Union(b)
		}
		incoming = append(incoming, plan[i].f.Geometry)
		who = append(who, i)
	}
	if len(who) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT code, name, geometry FROM grids
		WHERE max_lng >= ? AND min_lng <= ? AND max_lat >= ? AND min_lat <= ?`,
		all.Min[0], all.Max[0], all.Min[1], all.Max[1])
	if err != nil {
		return err
	}
	defer rows.Close()
	var codes, names []string
	var existing []orb.Geometry
	for rows.Next() {
		var code, name, geom string
		if err := rows.Scan(&code, &name, &geom); err != nil {
			return err
		}
		if replacing[code] {
			continue
		}
		g, err := decodeGeometry(geom)
		if err != nil {
			return fmt.Errorf("grid %s: %w", code, err)
		}
		codes, names, existing = append(codes, code), append(names, name), append(existing, g)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range geo.FindOverlapsBetween(incoming, existing, tol) {
		f := plan[who[o.I]].f
		verr.Addf(f.Index, f.Name, "overlaps stored grid %s (%s) by %.0f m²", codes[o.J], names[o.J], o.AreaM2)
	}
	return nil
}
