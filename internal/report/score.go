package report

// Score is the weighted 三率 score, 0 to 100. Defined is false when none
// of the three rates is; Thin when any of them rests on fewer orders than
// the minimum sample (or on none).
type Score struct {
	Value   float64 `json:"value"`
	Defined bool    `json:"defined"`
	Thin    bool    `json:"thin"`
	// Solve is the measure that stood for 解决率.
	Solve SolveBasis `json:"solve"`
}

// score computes 三率综合得分:
//
//	score = 100 × (w响应·响应率 + w解决·解决率 + w满意·满意率) / (w响应 + w解决 + w满意)
//
// where 解决率 is 办结率 (or 按期办结率, per Config.Solve) and rates are
// fractions. With the default weights 10/45/45 this is the familiar
// 10·响应率 + 45·解决率 + 45·满意率. A rate with nothing to judge (no
// rated order, say) drops out and its weight is shared among the others
// in proportion, as assessments do for a missing component, rather than
// counting as 0%.
func (r *Reporter) score(rs Rates) Score {
	solve := rs.Resolve
	if r.solve == SolveByOnTimeRate {
		solve = rs.OnTimeResolve
	}
	parts := []struct {
		rate   Rate
		weight float64
	}{
		{rs.Response, r.weights.Response},
		{solve, r.weights.Solve},
		{rs.Satisfaction, r.weights.Satisfaction},
	}
	out := Score{Solve: r.solve}
	var sum, weights float64
	for _, p := range parts {
		if p.weight == 0 {
			continue
		}
		out.Thin = out.Thin || p.rate.Thin
		if !p.rate.Defined {
			continue
		}
		sum += p.weight * p.rate.Value
		weights += p.weight
	}
	if weights > 0 {
		out.Value, out.Defined = 100*sum/weights, true
	}
	return out
}
