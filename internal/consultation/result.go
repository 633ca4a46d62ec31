package consultation

import (
	"context"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// OptionResult is one option's count and decision (改什么, 怎么改).
type OptionResult struct {
	Option
	Figures
	Decision
}

// Result is what a consultation decided, with the figures behind it.
// For 改不改 the yes figures are the 同意 votes; for 改什么 and 怎么改 each
// option is judged by the rule on its own, and the top-level figures are
// the leading option's (a passing one first, then the largest yes area,
// then the earlier option).
type Result struct {
	Consultation
	Figures
	Decision
	Leading  *OptionResult // nil for 改不改
	Options  []OptionResult
	Ballots  int
	Counts   map[string]int // 改不改: yes, no, abstain
	Adopted  []Suggestion   // suggestions taken up as work items or orders
	Final    bool           // the consultation is closed
	RuleText string
}

func eligibleHouses(ctx context.Context, q store.Querier, id int64) ([]House, error) {
	rows, err := q.QueryContext(ctx, `SELECT house_id, area_dm2, owner_group FROM consultation_houses WHERE consultation_id = ? ORDER BY house_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []House
	for rows.Next() {
		var h House
		if err := rows.Scan(&h.ID, &h.AreaDM2, &h.OwnerGroup); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// ResultOf counts a consultation the scope sees (the public: closed ones
// of published projects).
func ResultOf(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Result, error) {
	c, err := Get(ctx, q, scope, id)
	if err != nil {
		return Result{}, err
	}
	houses, err := eligibleHouses(ctx, q, id)
	if err != nil {
		return Result{}, err
	}
	bs, err := ballots(ctx, q, id)
	if err != nil {
		return Result{}, err
	}
	r := Result{Consultation: c, Ballots: len(bs), Final: c.Status == StatusClosed, RuleText: c.RuleName(), Counts: map[string]int{}}
	votes := func(yes func(Ballot) bool) []Vote {
		vs := make([]Vote, len(bs))
		for i, b := range bs {
			vs[i] = Vote{HouseID: b.HouseID, Yes: yes(b)}
		}
		return vs
	}
	if c.Stage == StageWhether {
		for _, b := range bs {
			r.Counts[b.Choice]++
		}
		r.Figures = Tally(houses, votes(func(b Ballot) bool { return b.Choice == "yes" }))
		r.Decision = Decide(c.Rule, r.Figures, c.ConsentNum, c.ConsentDen)
	} else {
		for _, o := range c.Options {
			f := Tally(houses, votes(func(b Ballot) bool { return slices.Contains(b.Options, o.ID) }))
			r.Options = append(r.Options, OptionResult{Option: o, Figures: f, Decision: Decide(c.Rule, f, c.ConsentNum, c.ConsentDen)})
		}
		for i := range r.Options {
			o := &r.Options[i]
			if r.Leading == nil || (o.Passed && !r.Leading.Passed) || (o.Passed == r.Leading.Passed && o.YesArea > r.Leading.YesArea) {
				r.Leading = o
			}
		}
		if r.Leading != nil {
			r.Figures, r.Decision = r.Leading.Figures, r.Leading.Decision
		} else {
			r.Figures = Tally(houses, nil)
			r.Decision = Decide(c.Rule, r.Figures, c.ConsentNum, c.ConsentDen)
		}
	}
	if r.Adopted, err = suggestions(ctx, q, id, true); err != nil {
		return Result{}, err
	}
	return r, nil
}
