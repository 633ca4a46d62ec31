package ui

// navGroup is one labelled group of a staff menu. A group of one link is
// drawn as that link (Label ""): a heading over a single page helps no one.
type navGroup struct {
	Key, Label string
	Items      []navItem
	Current    bool // holds the current page: marked, and open on a phone
}

// navGroupOrder is the order of the groups; "" are the links outside any
// group (the desk), drawn first.
var navGroupOrder = []string{"", "orders", "grid", "life", "projects", "stats", "admin"}

// navGroupOf files each page of the staff menus (its nav key) under a
// group: the order work, the grid and its registers, community life,
// renovation, figures, administration. TestNavGroups checks every page of
// every role's menu has one.
var navGroupOf = map[string]string{
	"home": "",

	"console": "orders", "mail": "orders", "dispatch": "orders", "callbacks": "orders", "inbox": "orders",
	"orders": "orders", "supervision": "orders", "knowledge": "orders", "topictasks": "orders",

	"grid": "grid", "mybuilding": "grid", "gridreport": "grid", "gridtasks": "grid", "people": "grid",
	"peoplereport": "grid", "registers": "grid", "houses": "grid", "ledgers": "grid", "care": "grid",
	"gridlog": "grid", "map": "grid",

	"consultations": "life", "mediation": "life", "deliberation": "life", "party": "life", "wishes": "life",
	"volunteers": "life", "disclosures": "life", "servicepoints": "life",

	"projects": "projects", "property": "projects",

	"measures": "stats", "bulletin": "stats",

	"regions": "admin", "grids": "admin", "users": "admin", "departments": "admin", "categories": "admin",
	"classify": "admin", "calendar": "admin", "exchange": "admin", "outbox": "admin",
}

// groupNav sorts a staff menu (navFor, its current page marked) into its
// groups, keeping each group's pages in the menu's order.
func groupNav(items []navItem, lang Lang) []navGroup {
	byKey := map[string]*navGroup{}
	for _, it := range items {
		key := navGroupOf[it.Key]
		g := byKey[key]
		if g == nil {
			g = &navGroup{Key: key}
			if key != "" {
				g.Label = lang.T("nav.group." + key)
			}
			byKey[key] = g
		}
		g.Items = append(g.Items, it)
		g.Current = g.Current || it.Current
	}
	var out []navGroup
	for _, key := range navGroupOrder {
		g := byKey[key]
		if g == nil {
			continue
		}
		if len(g.Items) == 1 {
			g.Label = ""
		}
		out = append(out, *g)
	}
	return out
}

// navCurrentLabel is the label of the current page, shown beside the
// phone's menu button; "" when the page is not in the menu.
func navCurrentLabel(items []navItem) string {
	for _, it := range items {
		if it.Current {
			return it.Label
		}
	}
	return ""
}
