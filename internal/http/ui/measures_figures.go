package ui

import (
	"strconv"

	"civicgrid/internal/report"
)

// measureFigure is one headline figure of a dashboard: its name and
// formula (from report.Definitions, in the page language), the value as
// shown, the counts behind a rate, and Raw, the value as a plain number
// (count, fraction 0–1, or score 0–100; "" when undefined) for scripts
// and tests.
type measureFigure struct {
	ID, Kind, Name, Formula string
	Value, Detail, Raw      string
	Num, Den                string // of a rate
	Defined, Thin           bool
}

// measureFigures lists every measure of m in the order of the
// definitions, the 三率 score first: it is what rankings are made of.
func measureFigures(lang Lang, defs []report.Definition, m report.Measures) []measureFigure {
	var out []measureFigure
	for _, d := range defs {
		f := measureFigure{ID: d.ID, Kind: d.Kind, Name: d.NameZh, Formula: d.FormulaZh}
		if lang == LangEN {
			f.Name, f.Formula = d.NameEn, d.FormulaEn
		}
		switch d.Kind {
		case "count":
			n := m.Rates.Received
			if d.ID == "valid" {
				n = m.Rates.Valid
			}
			f.Value, f.Raw, f.Defined = strconv.FormatInt(n, 10), strconv.FormatInt(n, 10), true
		case "score":
			s := m.Rates.Score
			f.Value, f.Defined, f.Thin = scoreText(s), s.Defined, s.Thin
			if s.Defined {
				f.Raw = strconv.FormatFloat(s.Value, 'f', -1, 64)
			}
		default:
			rt, ok := rateByID(m.Rates, d.ID)
			if !ok {
				continue
			}
			f.Value, f.Defined, f.Thin = percent(rt), rt.Defined, rt.Thin
			f.Num, f.Den = numText(rt.Num), strconv.FormatInt(rt.Den, 10)
			f.Detail = f.Num + " / " + f.Den
			if rt.Defined {
				f.Raw = strconv.FormatFloat(rt.Value, 'f', -1, 64)
			}
		}
		if d.Kind == "score" {
			out = append([]measureFigure{f}, out...)
		} else {
			out = append(out, f)
		}
	}
	return out
}

// rateByID is the rate a definition ID names (the json names of Rates).
func rateByID(rs report.Rates, id string) (report.Rate, bool) {
	switch id {
	case "response_rate":
		return rs.Response, true
	case "on_time_resolve_rate":
		return rs.OnTimeResolve, true
	case "resolve_rate":
		return rs.Resolve, true
	case "satisfaction_rate":
		return rs.Satisfaction, true
	case "strict_satisfaction_rate":
		return rs.StrictSatisfaction, true
	case "callback_rate":
		return rs.Callback, true
	case "rework_rate":
		return rs.Rework, true
	case "extension_rate":
		return rs.Extension, true
	case "merge_rate":
		return rs.Merge, true
	case "patrol_share":
		return rs.PatrolShare, true
	}
	return report.Rate{}, false
}

// solveRate is the rate that stands for 解决率 in the score.
func solveRate(rs report.Rates) report.Rate {
	if rs.Score.Solve == report.SolveByOnTimeRate {
		return rs.OnTimeResolve
	}
	return rs.Resolve
}

// percent shows a rate with one decimal, or "—" when nothing was there to
// judge (never 0%).
func percent(r report.Rate) string {
	if !r.Defined {
		return "—"
	}
	return strconv.FormatFloat(r.Value*100, 'f', 1, 64) + "%"
}

func scoreText(s report.Score) string {
	if !s.Defined {
		return "—"
	}
	return strconv.FormatFloat(s.Value, 'f', 1, 64)
}

// numText prints a numerator: a count, or a weighted sum (2.8) when
// 基本满意 counts less than 1.
func numText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
