package bench

import (
	"context"
	"fmt"
	"io"
	"slices"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/demo"
)

// prepare fills a fresh store with what the day needs: the demo district,
// the residents' orders (as API bodies and Open311 forms), the Open311
// client apps' keys, the staff and their tokens, and the grids the
// backlog lies in.
func (r *cityRun) prepare(ctx context.Context, st *intakeStore) (*cityIntake, *cityStaff, error) {
	if _, err := demo.Build(ctx, st.db, demo.Options{DataDir: st.dataDir}, io.Discard); err != nil {
		return nil, nil, fmt.Errorf("build the demo district: %w", err)
	}
	places, _, err := intakePlaces(ctx, st.db, intakePlacesPool, r.set.seed)
	if err != nil {
		return nil, nil, err
	}
	in := &cityIntake{run: newSchemaName()}
	if in.api, err = intakeBodies(places, intakeMatters, intakeBodyPool, r.set.seed); err != nil {
		return nil, nil, err
	}
	if in.open311, err = open311Forms(in.api); err != nil {
		return nil, nil, err
	}
	for k := range openDayKeys(r.set.peak) {
		_, plain, err := apikey.Add(ctx, st.db, fmt.Sprintf("城市App-%d", k+1), demo.DistrictCode, audit.Actor{})
		if err != nil {
			return nil, nil, fmt.Errorf("Open311 key: %w", err)
		}
		in.keys = append(in.keys, plain)
	}
	staff, err := prepareStaff(ctx, st.db)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range places {
		in.grids = append(in.grids, p.grid)
	}
	slices.Sort(in.grids)
	in.grids = slices.Compact(in.grids)
	return in, staff, nil
}
