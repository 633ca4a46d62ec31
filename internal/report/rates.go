package report

// Rate is one ratio: Num / Den. Defined is false when Den is 0 (no
// orders to judge: show "—", not 0%); Thin when Den is below the
// configured minimum sample, so a page can grey out a rate on 2 orders.
// Value is a fraction (0.75 = 75%).
type Rate struct {
	Num     float64 `json:"num"`
	Den     int64   `json:"den"`
	Value   float64 `json:"value"`
	Defined bool    `json:"defined"`
	Thin    bool    `json:"thin"`
}

func (r *Reporter) rate(num float64, den int64) Rate {
	out := Rate{Num: num, Den: den, Thin: den < int64(r.minSample)}
	if den > 0 {
		out.Value, out.Defined = num/float64(den), true
	}
	return out
}

// Rates are the measures of one group of orders. The field names are the
// Definition IDs (json tags); Definitions has the formulas as text.
type Rates struct {
	Received int64 `json:"received"`
	Valid    int64 `json:"valid"`

	// Response (响应率) = ReplyOnTime / ReplyDue: of the valid orders whose
	// provisional reply was given or is due by the as-of time, the share
	// first answered no later than reply_due_at (2 clock hours after
	// receipt unless the category says otherwise).
	//
	// The denominator is the orders received in the period, not those
	// whose reply falls due in it: the reply is due hours after receipt,
	// so the two differ only by the last hours before the period starts,
	// and one cohort keeps every measure of a period about the same
	// orders (and lets days add up in the rollup). Orders whose reply is
	// not yet due are left out rather than counted as failures.
	Response Rate `json:"response_rate"`

	// OnTimeResolve (按期办结率) = ResolvedOnTime / ResolveDue: of the
	// valid orders resolved, or still open past resolve_due_at, the share
	// resolved no later than resolve_due_at. An approved extension moves
	// the deadline (延期 is counted by Extension instead); a suspended
	// order is not due while its clock stops; a reopened order is judged
	// on the deadline of its rework (重办 is counted by Rework).
	OnTimeResolve Rate `json:"on_time_resolve_rate"`

	// Resolve (办结率) = Resolved / Valid: the share of valid orders done
	// (resolved or closed). Cancelled and merged orders are left out: a
	// prank needs no resolution and a duplicate is resolved in its master.
	Resolve Rate `json:"resolve_rate"`

	// Satisfaction (满意率) = (Satisfied·w满意 + Basic·w基本满意) / Rated,
	// with the configured rating weights (default 1 and 1).
	Satisfaction Rate `json:"satisfaction_rate"`
	// StrictSatisfaction (满意率, 仅满意) = Satisfied / Rated.
	StrictSatisfaction Rate `json:"strict_satisfaction_rate"`

	// Callback (回访率) = CalledBack / CallbackDue: of the orders done and
	// awaiting or given a callback, the share called back after their
	// latest resolution. Consultations answered on the spot are left out:
	// the call was the contact.
	Callback Rate `json:"callback_rate"`

	// Rework (返工率) = Reworked / ResolvedOnce: of the valid orders
	// resolved at least once, the share reopened (重办) at least once.
	// The denominator includes reworked orders not yet resolved again, so
	// the rate never exceeds 100%.
	Rework Rate `json:"rework_rate"`

	// Extension (延期率) = Extended / Valid: the share of valid orders
	// with at least one approved extension (orders.extensions ≥ 1).
	Extension Rate `json:"extension_rate"`

	// Merge (并单率) = Merged / Received: the share of received orders
	// merged into a master as duplicates (status merged).
	Merge Rate `json:"merge_rate"`

	// PatrolShare (未诉先办占比) = Patrol / Received: the share of orders a
	// grid worker found on patrol before anyone complained.
	PatrolShare Rate `json:"patrol_share"`

	// Score is the weighted 三率 score.
	Score Score `json:"score"`
}

// rates computes every measure from c.
func (r *Reporter) rates(c Counts) Rates {
	valid := c.Valid()
	out := Rates{
		Received:           c.Received,
		Valid:              valid,
		Response:           r.rate(float64(c.ReplyOnTime), c.ReplyDue),
		OnTimeResolve:      r.rate(float64(c.ResolvedOnTime), c.ResolveDue),
		Resolve:            r.rate(float64(c.Resolved), valid),
		Satisfaction:       r.rate(float64(c.Satisfied)*r.ratings.Satisfied+float64(c.Basic)*r.ratings.Basic, c.Rated),
		StrictSatisfaction: r.rate(float64(c.Satisfied), c.Rated),
		Callback:           r.rate(float64(c.CalledBack), c.CallbackDue),
		Rework:             r.rate(float64(c.Reworked), c.ResolvedOnce),
		Extension:          r.rate(float64(c.Extended), valid),
		Merge:              r.rate(float64(c.Merged), c.Received),
		PatrolShare:        r.rate(float64(c.Patrol), c.Received),
	}
	out.Score = r.score(out)
	return out
}
