package ui

import (
	"slices"
	"testing"

	"civicgrid/internal/auth"
)

// Every page of every role's menu sits in a group, the groups keep every
// page once and in the menu's order, a labelled group holds at least two
// pages, and the group of the current page is the one marked.
func TestNavGroups(t *testing.T) {
	t.Parallel()
	for _, lang := range Langs {
		for _, role := range auth.Roles() {
			items := navFor(role, lang)
			for _, it := range items {
				if _, ok := navGroupOf[it.Key]; !ok {
					t.Errorf("%s: %s (%s) has no menu group", role, it.Href, it.Key)
				}
			}
			for cur := range items {
				marked := slices.Clone(items)
				marked[cur].Current = true
				groups := groupNav(marked, lang)
				var got []navItem
				last := -1
				for _, g := range groups {
					i := slices.Index(navGroupOrder, g.Key)
					if i <= last {
						t.Errorf("%s: group %q out of order", role, g.Key)
					}
					last = i
					if g.Label != "" && (len(g.Items) < 2 || g.Label == "nav.group."+g.Key) {
						t.Errorf("%s: group %q labelled %q over %d pages", role, g.Key, g.Label, len(g.Items))
					}
					if g.Key != "" && len(g.Items) > 1 && g.Label == "" {
						t.Errorf("%s: group %q of %d pages has no label", role, g.Key, len(g.Items))
					}
					has := slices.ContainsFunc(g.Items, func(it navItem) bool { return it.Current })
					if g.Current != has {
						t.Errorf("%s: group %q marked %v, holds the current page %v", role, g.Key, g.Current, has)
					}
					got = append(got, g.Items...)
				}
				if len(got) != len(items) {
					t.Fatalf("%s: %d pages in the groups, %d in the menu", role, len(got), len(items))
				}
				for _, g := range groups {
					for i := 1; i < len(g.Items); i++ {
						if slices.IndexFunc(items, func(it navItem) bool { return it.Href == g.Items[i-1].Href }) >
							slices.IndexFunc(items, func(it navItem) bool { return it.Href == g.Items[i].Href }) {
							t.Errorf("%s: group %q reorders the menu", role, g.Key)
						}
					}
				}
				if navCurrentLabel(marked) != items[cur].Label {
					t.Errorf("%s: current label %q, want %q", role, navCurrentLabel(marked), items[cur].Label)
				}
			}
		}
	}
	// The community's long menu comes in a few groups, not one row.
	groups := groupNav(navFor(auth.RoleCommunity, LangZH), LangZH)
	if len(groups) < 4 || len(groups) > 7 {
		t.Errorf("community menu in %d groups", len(groups))
	}
}
