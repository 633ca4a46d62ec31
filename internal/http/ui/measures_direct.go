package ui

import (
	"context"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
)

// directAnswerFigure is 咨询直接答复率 (consultations answered at first
// contact, report.DirectAnswers) as a dashboard figure, with the share
// answered from the knowledge base in its detail.
func (u *UI) directAnswerFigure(ctx context.Context, scope auth.Scope, q report.Query, lang Lang) (measureFigure, error) {
	c, err := u.o.Reports.DirectAnswers(ctx, scope, q)
	if err != nil {
		return measureFigure{}, err
	}
	f := measureFigure{ID: "direct_answer_rate", Kind: "rate", Name: lang.T("measures.direct"), Formula: lang.T("measures.direct.formula"),
		Value: "—", Num: strconv.FormatInt(c.Answered, 10), Den: strconv.FormatInt(c.Consultations, 10)}
	f.Detail = f.Num + " / " + f.Den
	if c.Rate != nil {
		f.Defined = true
		f.Value = strconv.FormatFloat(*c.Rate*100, 'f', 1, 64) + "%"
		f.Raw = strconv.FormatFloat(*c.Rate, 'f', -1, 64)
		f.Detail += " · " + lang.Tf("measures.direct.kb", c.FromKnowledge)
	}
	return f, nil
}
