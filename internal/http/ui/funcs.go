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
