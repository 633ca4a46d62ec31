package ui

import (
	"strings"

	"civicgrid/internal/auth"
)

// visitorNav is the header of a resident or a visitor without an account.
func visitorNav(lang Lang) []navItem {
	return []navItem{
		{Href: "/report", Label: lang.T("nav.report")},
		{Href: "/track", Label: lang.T("nav.track")},
		{Href: "/", Label: lang.T("nav.map")},
		{Href: "/public/measures", Label: lang.T("nav.public")},
		{Href: "/signin", Label: lang.T("nav.signin")},
	}
}

// navFor lists the pages of a role (docs/design.md §1): what that person opens
// every day comes first. The server checks each page again; the nav only
// spares people links they cannot use.
func navFor(role string, lang Lang) []navItem {
	item := func(href, key string) navItem {
		return navItem{Href: href, Label: lang.T(key), Key: strings.TrimPrefix(key, "nav.")}
	}
	items := []navItem{item("/home", "nav.home")}
	switch role {
	case auth.RoleOperator:
		items = append(items, item("/console", "nav.console"), item("/mail", "nav.mail"), item("/orders", "nav.orders"))
	case auth.RoleDispatcher:
		items = append(items, item("/dispatch", "nav.dispatch"), item("/dispatch/callbacks", "nav.callbacks"),
			item("/orders", "nav.orders"), item("/measures", "nav.measures"))
	case auth.RoleCommunity:
		items = append(items, item("/inbox", "nav.inbox"), item("/grid/tasks", "nav.gridtasks"), item("/people", "nav.people"),
			item("/registers", "nav.registers"), item("/orders", "nav.orders"), item("/measures", "nav.measures"))
	case auth.RoleStreet, auth.RoleDepartment:
		items = append(items, item("/inbox", "nav.inbox"), item("/orders", "nav.orders"), item("/measures", "nav.measures"))
	case auth.RoleGrid:
		items = append(items, item("/grid", "nav.grid"), item("/grid/tasks", "nav.gridtasks"), item("/people", "nav.people"),
			item("/registers", "nav.registers"), item("/inbox", "nav.inbox"))
	case auth.RoleBuilding:
		items = append(items, item("/people/report", "nav.peoplereport"), item("/people", "nav.people"), item("/grid/report", "nav.gridreport"))
	case auth.RoleSupervisor:
		items = append(items, item("/supervision", "nav.supervision"), item("/orders", "nav.orders"),
			item("/measures", "nav.measures"))
	case auth.RoleLeader:
		items = append(items, item("/measures", "nav.measures"), item("/orders", "nav.orders"))
	}
	items = append(items, item("/", "nav.map"))
	if auth.CanAdminister(role) {
		items = append(items,
			item("/admin/regions", "nav.regions"),
			item("/admin/grids", "nav.grids"),
			item("/admin/users", "nav.users"),
			item("/admin/departments", "nav.departments"),
			item("/admin/categories", "nav.categories"),
			item("/admin/calendar", "nav.calendar"),
			item("/admin/exchange", "nav.exchange"),
		)
	}
	return items
}
