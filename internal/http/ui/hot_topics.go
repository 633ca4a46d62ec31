package ui

import (
	"context"
	"html/template"
	"log/slog"
	"strings"

	"civicgrid/internal/hottopic"
	"civicgrid/internal/order"
)

// hotTopicsShown is how many hot topics a board shows.
const hotTopicsShown = 5

// hotTopicView is a hot topic as a board shows it.
type hotTopicView struct {
	Name, Places, Span string
	Count              int
	Rising             bool
	Trend              string
	Numbers            []string
}

// hotTopicsOf is the hot topics of the orders a may see (none, logged, on
// an error: the board stays usable without them).
func (u *UI) hotTopicsOf(ctx context.Context, a order.Actor, lang Lang) []hotTopicView {
	topics, err := (&hottopic.Service{Orders: u.o.Orders}).For(ctx, a, u.now(), hottopic.Options{})
	if err != nil {
		slog.Warn("hot topics", "err", err)
		return nil
	}
	loc := shanghaiLocation()
	var out []hotTopicView
	for i, t := range topics {
		if i >= hotTopicsShown {
			break
		}
		var places []string
		for _, c := range t.Communities {
			places = append(places, u.regionName(ctx, c))
		}
		v := hotTopicView{Name: strings.Join(t.Words, " · "), Places: strings.Join(places, "、"), Count: t.Count,
			Span: t.First.In(loc).Format("01-02") + " — " + t.Last.In(loc).Format("01-02"), Rising: t.Rising(),
			Trend: lang.Tf("hot.trend", t.Earlier, t.Recent), Numbers: t.Numbers}
		if len(v.Numbers) > 8 {
			v.Numbers = v.Numbers[:8]
		}
		out = append(out, v)
	}
	return out
}

// hotArgs hands the topics and the page to the hot-topics template.
type hotArgs struct {
	Page   *page
	Topics []hotTopicView
}

func init() {
	addFuncs(template.FuncMap{"hotArgs": func(p *page, t []hotTopicView) hotArgs { return hotArgs{Page: p, Topics: t} }})
}
