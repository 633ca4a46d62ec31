package ui

import "html/template"

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
