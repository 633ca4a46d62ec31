package ui

import (
	"context"
	"html/template"
	"strings"

	"civicgrid/internal/hottopic"
	"civicgrid/internal/http/httpx"
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
		httpx.LogContext(ctx).Warn("hot topics", "err", err)
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
	addMessages(map[string]message{
		"hot.heading": {"热点问题", "Hot topics"},
		"hot.hint":    {"近14天全区内诉求内容相近的工单（跨网格、跨社区），按件数排列。", "Orders of the last 14 days about the same thing across grids and communities, most first."},
		"hot.count":   {"%d 件", "%d orders"},
		"hot.trend":   {"前7天 %d 件，近7天 %d 件", "%d in the earlier week, %d in the last"},
		"hot.rising":  {"上升", "rising"},
		"hot.none":    {"暂无热点问题。", "No hot topics."},
	})
}
