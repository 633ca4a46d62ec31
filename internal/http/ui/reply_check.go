package ui

import (
	"context"
	"html/template"

	"civicgrid/internal/order"
	"civicgrid/internal/replycheck"
)

// replyCheckView is a resolved order's reply with what the reply check
// found in it (replycheck), shown at callback and on the order page.
type replyCheckView struct {
	Number string
	Reply  string
	Flags  []replyFlag
	OK     bool
}

type replyFlag struct{ Code, Label, Help string }

func replyCheckViewOf(lang Lang, number string, c replycheck.Checked) *replyCheckView {
	v := &replyCheckView{Number: number, Reply: c.Reply, OK: c.OK()}
	for _, f := range c.Flags {
		v.Flags = append(v.Flags, replyFlag{Code: f, Label: lang.T("reply.flag." + f), Help: lang.T("reply.flag." + f + ".help")})
	}
	return v
}

// replyChecks checks the replies of orders (nil when the check is not
// wired in), keyed by number.
func (u *UI) replyChecks(ctx context.Context, lang Lang, orders []order.Order) (map[string]*replyCheckView, error) {
	if u.o.Replies == nil {
		return nil, nil
	}
	m, err := u.o.Replies.ForOrders(ctx, orders)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*replyCheckView, len(m))
	for n, c := range m {
		out[n] = replyCheckViewOf(lang, n, c)
	}
	return out, nil
}

// replyArgs hands a reply check and the page to the reply-check template.
type replyArgs struct {
	Page  *page
	Check *replyCheckView
}

func init() {
	addFuncs(template.FuncMap{"replyArgs": func(p *page, c *replyCheckView) replyArgs { return replyArgs{Page: p, Check: c} }})
	addMessages(map[string]message{
		"reply.heading":         {"办结答复检查", "Reply check"},
		"reply.text":            {"办结答复", "Reply"},
		"reply.ok":              {"答复要素齐全", "The reply has every element"},
		"reply.flag.irrelevant": {"答非所问", "Off the demand"},
		"reply.flag.irrelevant.help": {"答复所说的事项与诉求不一致，请核实是否答复了诉求人反映的问题。",
			"The reply speaks of another matter than the demand; check that it answers what the resident asked."},
		"reply.flag.short":          {"答复过短", "Too short"},
		"reply.flag.short.help":     {"答复少于15个字，难以说明办理情况。", "Under 15 characters: too short to say what was done."},
		"reply.flag.no_result":      {"缺办理结果", "No result"},
		"reply.flag.no_result.help": {"未说明办理结果（已解决、已答复、无法办理的原因等）。", "Does not say what was done or decided."},
		"reply.flag.no_basis":       {"缺依据", "No basis"},
		"reply.flag.no_basis.help":  {"未说明依据（政策法规、现场核查情况等）。", "Cites no rule and no finding on the spot."},
		"reply.flag.no_time":        {"缺时间", "No time"},
		"reply.flag.no_time.help":   {"未说明办理时间或完成时限。", "Says neither when it was done nor by when it will be."},
	})
}
