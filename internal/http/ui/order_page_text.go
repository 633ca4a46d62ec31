package ui

import (
	"context"

	"civicgrid/internal/category"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/order"
)

// orderText is what the order page shows about the order's words: the
// reply check of a resolved order, the knowledge-base article that
// answered a consultation, and for an answered consultation not from an
// article, the way to propose its answer as a new one.
type orderText struct {
	Reply      *replyCheckView
	Article    *knowledge.Article
	ProposeURL string
}

func (u *UI) orderTextOf(ctx context.Context, lang Lang, a order.Actor, o order.Order, events []order.Event) (orderText, error) {
	var t orderText
	checks, err := u.replyChecks(ctx, lang, []order.Order{o})
	if err != nil {
		return t, err
	}
	t.Reply = checks[o.Number]
	if u.o.Knowledge == nil || o.Kind != category.KindConsult {
		return t, nil
	}
	art, ok, err := u.o.Knowledge.UsedFor(ctx, o.Number)
	if err != nil {
		return t, err
	}
	if ok {
		t.Article = &art
	} else if o.Status == order.StatusClosed && knowledge.AbilitiesOf(a).Propose {
		var answer string
		for _, e := range events {
			if e.Action == order.ActionAnswer {
				answer = e.Note
			}
		}
		t.ProposeURL = proposeFromOrderURL(o.Number, o.Description, answer)
	}
	return t, nil
}
