package ui

import (
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/deliberation"
	"civicgrid/internal/disclosure"
	"civicgrid/internal/mediation"
	"civicgrid/internal/party"
	"civicgrid/internal/property"
	"civicgrid/internal/servicepoint"
	"civicgrid/internal/topictask"
	"civicgrid/internal/volunteer"
	"civicgrid/internal/wish"
)

// visitorNav is the header of a resident or a visitor without an account.
func visitorNav(lang Lang) []navItem {
	return []navItem{
		{Href: "/report", Label: lang.T("nav.report")},
		{Href: "/track", Label: lang.T("nav.track")},
		{Href: "/", Label: lang.T("nav.map")},
		{Href: "/public/measures", Label: lang.T("nav.public")},
		{Href: "/faq", Label: lang.T("nav.faq")},
		{Href: "/public/wishes", Label: lang.T("nav.wishwall")},
		{Href: "/public/disclosures", Label: lang.T("nav.disclosurespublic")},
		{Href: "/public/deliberation", Label: lang.T("nav.deliberationpublic")},
		{Href: "/public/service-points", Label: lang.T("nav.servicepointspublic")},
		{Href: "/public/volunteer", Label: lang.T("nav.volunteerspublic")},
		{Href: "/signin", Label: lang.T("nav.signin")},
	}
}

// navFor lists the pages of a role (docs/design.md §1): what that person
// opens every day comes first, then every other page the role may open
// (the page guards decide; TestPages/menus checks the two agree). The
// server checks each page again; the nav only spares people links they
// cannot use.
func navFor(role string, lang Lang) []navItem {
	item := func(href, key string) navItem {
		return navItem{Href: href, Label: lang.T(key), Key: strings.TrimPrefix(key, "nav.")}
	}
	console, mail := item("/console", "nav.console"), item("/mail", "nav.mail")
	dispatch, callbacks := item("/dispatch", "nav.dispatch"), item("/dispatch/callbacks", "nav.callbacks")
	inbox, orders, measures := item("/inbox", "nav.inbox"), item("/orders", "nav.orders"), item("/measures", "nav.measures")
	myGrid, gridReport, gridTasks := item("/grid", "nav.grid"), item("/grid/report", "nav.gridreport"), item("/grid/tasks", "nav.gridtasks")
	supervision := item("/supervision", "nav.supervision")
	people, peopleReport := item("/people", "nav.people"), item("/people/report", "nav.peoplereport")
	registers := item("/registers", "nav.registers")
	houses := item("/houses", "nav.houses")
	ledgers := item("/ledgers", "nav.ledgers")
	projects := item("/projects/overdue", "nav.projects")
	careVisits, gridLog := item("/care", "nav.care"), item("/grid/log", "nav.gridlog")
	knowledge := item("/knowledge", "nav.knowledge")
	bulletins := item("/bulletin", "nav.bulletin")
	consults := item("/consultations", "nav.consultations")
	items := []navItem{item("/home", "nav.home")}
	switch role {
	case auth.RoleOperator:
		items = append(items, console, mail, callbacks, orders, knowledge)
	case auth.RoleDispatcher:
		items = append(items, dispatch, callbacks, console, mail, gridTasks, orders, measures, bulletins, knowledge)
	case auth.RoleCommunity:
		items = append(items, inbox, gridTasks, people, peopleReport, registers, houses, orders, measures, consults)
		items = append(items, careVisits, gridLog, ledgers)
	case auth.RoleStreet:
		items = append(items, inbox, gridTasks, people, houses, orders, measures, bulletins, projects, consults)
		items = append(items, careVisits, ledgers)
	case auth.RoleDepartment:
		items = append(items, inbox, orders, measures, projects, consults, knowledge)
	case auth.RoleGrid:
		items = append(items, myGrid, gridReport, gridTasks, people, peopleReport, registers, houses, inbox, orders)
		items = append(items, careVisits, gridLog, ledgers)
	case auth.RoleBuilding:
		myBuilding := myGrid
		myBuilding.Label, myBuilding.Key = lang.T("nav.mybuilding"), "mybuilding"
		items = append(items, peopleReport, gridReport, myBuilding, people, gridTasks)
	case auth.RoleSupervisor:
		items = append(items, supervision, dispatch, callbacks, gridTasks, orders, measures, bulletins)
	case auth.RoleLeader:
		items = append(items, measures, bulletins, orders, supervision, dispatch, callbacks, gridTasks, people, projects)
		items = append(items, careVisits)
	case auth.RoleAdmin:
		items = append(items, orders, measures, bulletins, gridTasks, people, peopleReport, houses, knowledge, consults)
		items = append(items, careVisits, ledgers)
	}
	if mediation.MayRead(role) {
		items = append(items, item("/mediation", "nav.mediation"))
	}
	if deliberation.MayRead(role) {
		items = append(items, item("/deliberation", "nav.deliberation"))
	}
	if topictask.MayRead(role) {
		items = append(items, item("/topic-tasks", "nav.topictasks"))
	}
	if property.MayRead(role) {
		items = append(items, item("/property", "nav.property"))
	}
	if party.MayRead(role) {
		items = append(items, item("/party", "nav.party"))
	}
	if wish.MayRead(role) {
		items = append(items, item("/wishes", "nav.wishes"))
	}
	if volunteer.MayRead(role) {
		items = append(items, item("/volunteers", "nav.volunteers"))
	}
	if disclosure.MayRead(role) {
		items = append(items, item("/disclosures", "nav.disclosures"))
	}
	if servicepoint.MayWrite(role) {
		items = append(items, item("/service-points", "nav.servicepoints"))
	}
	items = append(items, item("/", "nav.map"))
	if auth.CanAdminister(role) {
		items = append(items,
			item("/admin/regions", "nav.regions"),
			item("/admin/grids", "nav.grids"),
			item("/admin/users", "nav.users"),
			item("/admin/departments", "nav.departments"),
			item("/admin/categories", "nav.categories"),
			item("/admin/classify", "nav.classify"),
			item("/admin/calendar", "nav.calendar"),
			item("/admin/exchange", "nav.exchange"),
			item("/admin/outbox", "nav.outbox"),
		)
	}
	return items
}
