package project

import (
	"context"
	"sort"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Totals are a set of projects' figures, computed from the records:
// households, buildings and 小区 are counted once however many projects
// share them.
type Totals struct {
	Projects   int
	BudgetFen  int64
	FundedFen  int64
	SpentFen   int64
	Households int
	Buildings  int
	Compounds  int
	Streets    int
}

// Sum adds up projects.
func Sum(ctx context.Context, q store.Querier, ps []Project) (Totals, error) {
	var t Totals
	buildings := map[string]bool{}
	estates := map[int64]bool{}
	streets := map[string]bool{}
	for _, p := range ps {
		t.Projects++
		t.BudgetFen += p.BudgetFen
		t.FundedFen += p.FundedFen
		t.SpentFen += p.SpentFen
		for _, b := range p.Buildings {
			buildings[b] = true
		}
		for _, e := range p.Estates {
			estates[e.ID] = true
			streets[e.StreetCode] = true
		}
	}
	t.Buildings, t.Compounds, t.Streets = len(buildings), len(estates), len(streets)
	// Households: the live houses of the distinct buildings.
	codes := make([]string, 0, len(buildings))
	for b := range buildings {
		codes = append(codes, b)
	}
	sort.Strings(codes)
	for len(codes) > 0 {
		n := min(len(codes), 500)
		args := make([]any, n)
		marks := make([]byte, 0, 2*n)
		for i, c := range codes[:n] {
			args[i] = c
			if i > 0 {
				marks = append(marks, ',')
			}
			marks = append(marks, '?')
		}
		var h int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM houses WHERE retired_at IS NULL AND building_code IN (`+string(marks)+`)`, args...).Scan(&h); err != nil {
			return t, err
		}
		t.Households += h
		codes = codes[n:]
	}
	return t, nil
}

// MoneyRow is a line of a money breakdown.
type MoneyRow struct {
	Key, Name string
	BudgetFen int64
	SpentFen  int64
	Projects  int
}

// Breakdown is money by programme, street and source.
type Breakdown struct {
	ByProgramme []MoneyRow
	// ByStreet counts a project wholly in one street under that street;
	// one spanning streets under "跨街道" (Key "multi"), never split by a
	// guess.
	ByStreet []MoneyRow
	BySource []MoneyRow
}

// Money breaks down the projects' money.
func Money(ps []Project) Breakdown {
	var b Breakdown
	prog := map[string]*MoneyRow{}
	street := map[string]*MoneyRow{}
	source := map[string]*MoneyRow{}
	add := func(m map[string]*MoneyRow, order *[]string, key, name string, budget, spent int64) {
		r, ok := m[key]
		if !ok {
			r = &MoneyRow{Key: key, Name: name}
			m[key] = r
			*order = append(*order, key)
		}
		r.BudgetFen += budget
		r.SpentFen += spent
		r.Projects++
	}
	var po, so, ro []string
	for _, p := range ps {
		add(prog, &po, itoa(p.ProgrammeID), p.ProgrammeName, p.BudgetFen, p.SpentFen)
		streets := map[string]string{}
		for _, e := range p.Estates {
			streets[e.StreetCode] = e.StreetName
		}
		if len(streets) == 1 {
			for code, name := range streets {
				add(street, &so, code, name, p.BudgetFen, p.SpentFen)
			}
		} else {
			add(street, &so, "multi", "跨街道", p.BudgetFen, p.SpentFen)
		}
		for _, f := range p.Funding {
			add(source, &ro, f.Source, f.SourceName(), f.AmountFen, 0)
		}
	}
	for _, k := range po {
		b.ByProgramme = append(b.ByProgramme, *prog[k])
	}
	sort.Strings(so)
	for _, k := range so {
		b.ByStreet = append(b.ByStreet, *street[k])
	}
	for _, src := range Sources {
		if r, ok := source[src]; ok {
			b.BySource = append(b.BySource, *r)
		}
	}
	_ = ro
	return b
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// IndicatorTotal is an indicator's quantity summed over projects.
type IndicatorTotal struct {
	ID       int64
	Name     string
	Unit     string
	Quantity int64
}

// IndicatorRow is one place's (street or district) indicator totals.
type IndicatorRow struct {
	Code, Name string
	Totals     []IndicatorTotal // in the indicator list's order, every live indicator
}

// IndicatorTotals sums the projects' output ledgers: the whole (every
// live indicator, zero where none was built) and by street (from the 小区
// each quantity was recorded in).
func IndicatorTotals(ctx context.Context, q store.Querier, ps []Project) (all []IndicatorTotal, byStreet []IndicatorRow, err error) {
	ins, err := Indicators(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	pos := map[int64]int{}
	for i, in := range ins {
		pos[in.ID] = i
		all = append(all, IndicatorTotal{ID: in.ID, Name: in.Name, Unit: in.Unit})
	}
	streets := map[string]*IndicatorRow{}
	var order []string
	for _, p := range ps {
		streetOf := map[int64]EstateRef{}
		for _, e := range p.Estates {
			streetOf[e.ID] = e
		}
		for _, o := range p.Outputs {
			i, ok := pos[o.IndicatorID]
			if !ok {
				continue // a retired indicator
			}
			all[i].Quantity += o.Quantity
			e := streetOf[o.EstateID]
			r, ok := streets[e.StreetCode]
			if !ok {
				r = &IndicatorRow{Code: e.StreetCode, Name: e.StreetName}
				for _, in := range ins {
					r.Totals = append(r.Totals, IndicatorTotal{ID: in.ID, Name: in.Name, Unit: in.Unit})
				}
				streets[e.StreetCode] = r
				order = append(order, e.StreetCode)
			}
			r.Totals[i].Quantity += o.Quantity
		}
	}
	sort.Strings(order)
	for _, c := range order {
		byStreet = append(byStreet, *streets[c])
	}
	return all, byStreet, nil
}

// YearSummary is what the public statistics page and the export show.
type YearSummary struct {
	Year       int
	Projects   []Project
	Totals     Totals
	Money      Breakdown
	Indicators []IndicatorTotal
	ByStreet   []IndicatorRow
}

// Summary gathers a year's projects the scope sees with their totals.
func Summary(ctx context.Context, q store.Querier, scope auth.Scope, year int) (YearSummary, error) {
	ps, err := List(ctx, q, scope, year)
	if err != nil {
		return YearSummary{}, err
	}
	s := YearSummary{Year: year, Projects: ps, Money: Money(ps)}
	if s.Totals, err = Sum(ctx, q, ps); err != nil {
		return s, err
	}
	s.Indicators, s.ByStreet, err = IndicatorTotals(ctx, q, ps)
	return s, err
}
