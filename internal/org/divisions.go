package org

import (
	"fmt"
	"slices"
	"strings"
)

// Divisions is a parsed, validated set of division rows, sorted by code
// (so every ancestor comes before its descendants).
type Divisions struct {
	under   string
	regions []Region
	index   map[string]int
}

func newDivisions(under string, regions []Region) *Divisions {
	slices.SortFunc(regions, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	index := make(map[string]int, len(regions))
	for i, r := range regions {
		index[r.Code] = i
	}
	return &Divisions{under: under, regions: regions, index: index}
}

// Under is the code the rows were filtered to, or "" when all were kept.
func (d *Divisions) Under() string { return d.under }

// Len is the number of rows kept.
func (d *Divisions) Len() int { return len(d.regions) }

// Regions returns a copy of the rows, sorted by code.
func (d *Divisions) Regions() []Region { return slices.Clone(d.regions) }

// Lookup returns the row for code.
func (d *Divisions) Lookup(code string) (Region, bool) {
	i, ok := d.index[code]
	if !ok {
		return Region{}, false
	}
	return d.regions[i], true
}

// Scope returns the rows of under's subtree (under included) and of its
// ancestors, sorted by code. under must be a row, and inside what these
// Divisions were filtered to, else the subtree would be incomplete.
func (d *Divisions) Scope(under string) ([]Region, error) {
	if err := checkScopeCode(under); err != nil {
		return nil, err
	}
	if d.under != "" && !Covers(d.under, under) {
		return nil, &ValidationError{Field: "under", Msg: fmt.Sprintf(
			"the divisions were read for %s only; %s is outside it", d.under, under)}
	}
	if _, ok := d.index[under]; !ok {
		return nil, fmt.Errorf("org: division %s is not in the files: %w", under, ErrNotFound)
	}
	var out []Region
	for _, a := range ancestorCodes(under) {
		if i, ok := d.index[a]; ok {
			out = append(out, d.regions[i])
		}
	}
	// Sorted by code, the subtree is one contiguous run starting at under.
	for _, r := range d.regions[d.index[under]:] {
		if !Covers(under, r.Code) {
			break
		}
		out = append(out, r)
	}
	return out, nil
}

// CountByLevel counts the rows strictly below code by level, like
// ChildCounts does in the database.
func (d *Divisions) CountByLevel(code string) map[string]int {
	out := map[string]int{}
	i, ok := d.index[code]
	if !ok {
		return out
	}
	for _, r := range d.regions[i+1:] {
		if !Covers(code, r.Code) {
			break
		}
		out[r.Level]++
	}
	return out
}
