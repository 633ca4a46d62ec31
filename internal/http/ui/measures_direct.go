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

func init() {
	addMessages(map[string]message{
		"measures.direct": {"咨询直接答复率", "Consultations answered at first contact"},
		"measures.direct.formula": {"咨询直接答复率 = 接听时当场答复并办结的咨询数 ÷ 咨询总数。咨询：有效工单中属咨询类事项或诉求类型为咨询的。",
			"Answered at first contact = consultations the operator answered and closed on the call ÷ all consultations (valid orders of a consultation category or of demand type 咨询)."},
		"measures.direct.kb": {"其中引用知识库 %d 件", "%d from the knowledge base"},
	})
}
