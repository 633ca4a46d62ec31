package ui

import (
	"context"
	"html/template"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/hottopic"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/topictask"
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
	Words, All         []string // for the hand-out form: key words, every order
	TaskID             int64    // the task the topic was handed to, 0 when none
	Hand               *hotHand // the hand-out form, nil when the user may not
}

// hotHand is what the hand-out form offers: the units and a default due
// day (a week on).
type hotHand struct {
	Departments []option
	Due, Today  string
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
	var hand *hotHand
	ta := topictask.Actor{User: auth.User{ID: a.UserID, Role: a.Role}, Scope: a.Scope}
	if topictask.MayIssue(ta) && !a.Scope.IsZero() {
		if deps, err := org.ListDepartments(ctx, u.o.DB, topicRoot(a.Scope)); err == nil {
			now := u.now().In(loc)
			hand = &hotHand{Due: now.AddDate(0, 0, 7).Format("2006-01-02"), Today: now.Format("2006-01-02")}
			for _, d := range deps {
				hand.Departments = append(hand.Departments, option{Value: d.Code, Label: d.Name})
			}
		} else {
			httpx.LogContext(ctx).Warn("hot topics: departments", "err", err)
		}
	}
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
			Trend: lang.Tf("hot.trend", t.Earlier, t.Recent), Numbers: t.Numbers, Words: t.Words, All: t.Numbers, Hand: hand}
		if handed, err := topictask.Handed(ctx, u.o.DB, t.Numbers); err == nil {
			for _, n := range t.Numbers {
				if id := handed[n]; id != 0 {
					v.TaskID = id
					break
				}
			}
		}
		if len(v.Numbers) > 8 {
			v.Numbers = v.Numbers[:8]
		}
		out = append(out, v)
	}
	return out
}

// topicRoot is the node whose units a hand-out offers (a grid-level
// prefix is cut to its community, as scopeRoot does).
func topicRoot(s auth.Scope) string {
	root := s.RegionPrefix()
	if len(root) > 12 {
		root = root[:12]
	}
	return root
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
