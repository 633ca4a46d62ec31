package ui

import (
	"context"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
)

// maxPlaceOptions bounds the region list of a form: a district has about a
// hundred nodes, a city a few thousand; past that a select is no help.
const maxPlaceOptions = 3000

type option struct {
	Value, Label string
	Selected     bool
}

// places is the caller's part of the org tree, flattened for forms and
// name lookups.
type places struct {
	Regions     []option          // root first, depth-first, indented labels
	RegionNames map[string]string // code → display name
	Departments []option
	DeptNames   map[string]string
}

// loadPlaces walks the tree below root (the caller's node) down to the
// communities, and lists the departments the caller may place people in.
func (u *UI) loadPlaces(ctx context.Context, scope auth.Scope, root string) (*places, error) {
	pl := &places{RegionNames: map[string]string{}, DeptNames: map[string]string{}}
	top, err := org.GetRegion(ctx, u.o.DB, root)
	if err != nil {
		return nil, err
	}
	var walk func(r org.Region, depth int) error
	walk = func(r org.Region, depth int) error {
		if len(pl.Regions) >= maxPlaceOptions {
			return nil
		}
		pl.Regions = append(pl.Regions, option{Value: r.Code,
			Label: strings.Repeat("\u00a0\u00a0\u00a0", depth) + r.Name + " (" + r.Code + ")"})
		pl.RegionNames[r.Code] = r.Name
		if r.Level == org.LevelCommunity || r.Level == org.LevelVillage {
			return nil
		}
		kids, err := org.Children(ctx, u.o.DB, r.Code)
		if err != nil {
			return err
		}
		for _, k := range kids {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(top, 0); err != nil {
		return nil, err
	}
	deps, err := org.ListDepartments(ctx, u.o.DB, root)
	if err != nil {
		return nil, err
	}
	for _, d := range deps {
		pl.DeptNames[d.Code] = d.Name
		if scope.CoversDepartmentAt(d.Code, d.RegionCode) {
			pl.Departments = append(pl.Departments, option{Value: d.Code, Label: d.Name})
		}
	}
	return pl, nil
}

// selectOptions copies opts with the one whose value is v selected.
func selectOptions(opts []option, v string) []option {
	out := make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == v
		out[i] = o
	}
	return out
}

// regionName is the display name of a code, or the code when the walk did
// not reach it (a grid, or a tree larger than maxPlaceOptions).
func (pl *places) regionName(code string) string {
	if n, ok := pl.RegionNames[code]; ok {
		return n
	}
	return code
}
