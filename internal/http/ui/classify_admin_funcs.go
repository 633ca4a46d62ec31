package ui

import "html/template"

// The template funcs of the classifier admin page (classify.html): a share
// as a percentage and the arguments of one row's routing form.
func init() {
	addFuncs(template.FuncMap{
		"pct":       classifyPct,
		"routeArgs": func(p *page, r classifyRow) classifyRouteArgs { return classifyRouteArgs{Page: p, Row: r} },
	})
}

type classifyRouteArgs struct {
	Page *page
	Row  classifyRow
}
