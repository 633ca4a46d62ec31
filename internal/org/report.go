package org

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ImportReport says what an ImportDivisions run did.
type ImportReport struct {
	Under     string   // the code imported under
	UnderName string   // its display name
	Added     []Region // new regions, by code
	Changed   []Change // regions whose stored row differed (renamed)
	Unchanged int
	NotInFile []Region // stored below Under but missing from the file: kept
}

// Change is one region updated by an import. Names are official names.
type Change struct {
	Code string
	Old  Region
	New  Region
}

// OldName and NewName are the official names before and after.
func (c Change) OldName() string { return c.Old.OfficialName }
func (c Change) NewName() string { return c.New.OfficialName }

// Summary is the one-line outcome.
func (r ImportReport) Summary() string {
	return fmt.Sprintf("divisions under %s %s: %d added, %d changed, %d unchanged, %d not in file (kept)",
		r.Under, r.UnderName, len(r.Added), len(r.Changed), r.Unchanged, len(r.NotInFile))
}

// maxListedAdds bounds the added rows String prints: a whole city is
// thousands; changes and missing rows are always listed in full.
const maxListedAdds = 20

// String is the summary followed by one line per change, per missing row
// and per added row (the first few), for a command line to print.
func (r ImportReport) String() string {
	var b strings.Builder
	b.WriteString(r.Summary())
	for _, c := range r.Changed {
		fmt.Fprintf(&b, "\n  changed     %s %s → %s", c.Code, c.OldName(), c.NewName())
		if c.Old.Level != c.New.Level {
			fmt.Fprintf(&b, " (%s → %s)", c.Old.Level, c.New.Level)
		}
	}
	for _, n := range r.NotInFile {
		fmt.Fprintf(&b, "\n  not in file %s %s", n.Code, n.OfficialName)
	}
	for i, a := range r.Added {
		if i == maxListedAdds {
			fmt.Fprintf(&b, "\n  … and %d more added", len(r.Added)-maxListedAdds)
			break
		}
		fmt.Fprintf(&b, "\n  added       %s %s (%s)", a.Code, a.OfficialName, a.Level)
	}
	return b.String()
}

func sortedRegions(m map[string]Region) []Region {
	out := make([]Region, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}
