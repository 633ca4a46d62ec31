package ui

import (
	"context"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/zone"
)

// orderRow is one order as the shared "order-table" partial shows it on
// every list (queue, inbox, console, supervision).
type orderRow struct {
	Number, Status, StatusLabel, Channel, ChannelLabel string
	Category, Place, Handler, Description              string
	Demand                                             string // 诉求类型, in the page language; "" when not recorded
	Received, ResolveDue                               string
	ReceivedISO, ResolveDueISO                         string
	Overdue, SoonDue, Open                             bool
	Version                                            int
}

// orderRows turns engine orders into rows in lang. Names of categories,
// grids, regions and departments are looked up once per list.
func (u *UI) orderRows(ctx context.Context, lang Lang, orders []order.Order) ([]orderRow, error) {
	names, err := u.orderNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	now := u.now()
	loc := shanghaiLocation()
	rows := make([]orderRow, 0, len(orders))
	for _, o := range orders {
		r := orderRow{Number: o.Number, Status: string(o.Status), StatusLabel: lang.T("status." + string(o.Status)),
			Channel: o.Channel, ChannelLabel: lang.T("channel." + o.Channel), Category: names.category(o.Category),
			Description: clip(o.Description, 60), Open: o.Status.Open(), Version: o.Version}
		if o.DemandType != "" {
			r.Demand = lang.T("demand." + o.DemandType)
		}
		r.Place = o.Address
		if g := names.grid(ctx, u, o.GridCode); g != "" {
			r.Place = g
			if o.Address != "" {
				r.Place = g + " · " + o.Address
			}
		}
		r.Handler = names.handler(ctx, u, lang, o.Level, o.HandlerCode)
		r.Received, r.ReceivedISO = o.ReceivedAt.In(loc).Format("01-02 15:04"), o.ReceivedAt.Format(time.RFC3339)
		if !o.ResolveDueAt.IsZero() {
			r.ResolveDue, r.ResolveDueISO = deadlineText(o.ResolveDueAt, "01-02"), o.ResolveDueAt.Format(time.RFC3339)
			if r.Open {
				r.Overdue = now.After(o.ResolveDueAt)
				r.SoonDue = order.DueSoon(o.ReceivedAt, o.ResolveDueAt, now)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// orderNames caches names for one list.
type orderNameCache struct {
	cats     map[string]string
	grids    map[string]string
	handlers map[string]string
}

func (u *UI) orderNames(ctx context.Context, lang Lang) (*orderNameCache, error) {
	cats, err := category.List(ctx, u.o.DB, true)
	if err != nil {
		return nil, err
	}
	c := &orderNameCache{cats: map[string]string{}, grids: map[string]string{}, handlers: map[string]string{}}
	for _, k := range cats {
		c.cats[k.Code] = categoryName(k, lang)
	}
	return c, nil
}

func (c *orderNameCache) category(code string) string {
	if n, ok := c.cats[code]; ok {
		return n
	}
	return code
}

func (c *orderNameCache) grid(ctx context.Context, u *UI, code string) string {
	if code == "" {
		return ""
	}
	if n, ok := c.grids[code]; ok {
		return n
	}
	n := code
	if g, err := grid.Get(ctx, u.o.DB, code); err == nil {
		n = g.Name
	}
	c.grids[code] = n
	return n
}

// handler names who holds the order: the centre, a grid, a street or a
// department.
func (c *orderNameCache) handler(ctx context.Context, u *UI, lang Lang, level, code string) string {
	if code == "" {
		return lang.T("level.centre")
	}
	key := level + ":" + code
	if n, ok := c.handlers[key]; ok {
		return n
	}
	n := code
	switch level {
	case "grid":
		n = c.grid(ctx, u, code)
	case "department":
		if d, err := org.GetDepartment(ctx, u.o.DB, code); err == nil {
			n = d.Name
		}
	default:
		if r, err := org.GetRegion(ctx, u.o.DB, code); err == nil {
			n = r.Name
		}
	}
	c.handlers[key] = n
	return n
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

var shanghai = zone.Shanghai()

// shanghaiLocation is the zone every page shows times in (docs/design.md §3).
func shanghaiLocation() *time.Location { return shanghai }

// deadlineText shows a deadline in Shanghai time with dateLayout for the
// day; one at midnight is the end of the day before ("11-27 24:00"), as
// the limits are worded (办结时限至第 N 个工作日 24 时), not the start of
// the next.
func deadlineText(t time.Time, dateLayout string) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(shanghaiLocation())
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 {
		return l.Add(-time.Minute).Format(dateLayout) + " 24:00"
	}
	return l.Format(dateLayout + " 15:04")
}
