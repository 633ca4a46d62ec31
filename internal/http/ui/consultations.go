package ui

import (
	"context"
	"html/template"

	"civicgrid/internal/auth"
	"civicgrid/internal/consultation"
	"civicgrid/internal/project"
)

// Consultation results (征询, docs/design.md §11a) on a 小区's renovation
// page: residents see the closed ones of published projects, staff of the
// 小区's community also the open ones, with the figures behind each
// decision.

// consultView is a result ready for a page: areas in m² with two decimals.
type consultView struct {
	consultation.Result
	Options []consultOptionView
	Manage  bool // the viewer runs it: link to the desk page
}

// consultArgs is what the "consult_result" partial gets.
type consultArgs struct {
	P *page
	C consultView
}

func init() {
	addFuncs(template.FuncMap{
		"consultArgs": func(p *page, c consultView) consultArgs { return consultArgs{P: p, C: c} },
		"list3":       func(a, b, c string) []string { return []string{a, b, c} },
	})
}

type consultOptionView struct {
	consultation.OptionResult
	Percent int // yes area as a share of the participating area, for the bar
}

// M2 writes an area kept in dm² as m² with two decimals.
func (consultView) M2(dm2 int64) string { return project.Yuan(dm2) }

// Wan writes fen as 万元.
func (consultView) Wan(fen int64) string { return project.Wan(fen) }

func (u *UI) estateConsultations(ctx context.Context, scope auth.Scope, manage bool, estate int64) ([]consultView, error) {
	cs, err := consultation.List(ctx, u.o.DB, scope, 0, estate)
	if err != nil {
		return nil, err
	}
	var out []consultView
	for _, c := range cs {
		r, err := consultation.ResultOf(ctx, u.o.DB, scope, c.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, resultView(r, manage))
	}
	return out, nil
}

func resultView(r consultation.Result, manage bool) consultView {
	v := consultView{Result: r, Manage: manage}
	{
		for _, o := range r.Options {
			ov := consultOptionView{OptionResult: o}
			if o.ParticipatingArea > 0 {
				ov.Percent = int(o.YesArea * 100 / o.ParticipatingArea)
			}
			v.Options = append(v.Options, ov)
		}
	}
	return v
}
