package ui

import "html/template"

// extraFuncs are template functions beyond asset and add. Page families
// add theirs from init (a name defined twice panics), so no one file has
// to know every page.
var extraFuncs = template.FuncMap{}

func addFuncs(m template.FuncMap) {
	for k, v := range m {
		if _, dup := extraFuncs[k]; dup {
			panic("ui: template function defined twice: " + k)
		}
		extraFuncs[k] = v
	}
}

// tableArgs is what the "order-table" partial gets: the page (for labels)
// and the rows.
type tableArgs struct {
	Page *page
	Rows []orderRow
}

func init() {
	addFuncs(template.FuncMap{"rows": func(p *page, rows []orderRow) tableArgs { return tableArgs{Page: p, Rows: rows} }})
}
