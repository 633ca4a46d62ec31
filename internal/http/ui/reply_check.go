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
}
