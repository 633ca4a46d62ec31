package ui

import (
	"html/template"
	"slices"
)

// orderFieldArgs is what the "order-action-text" partial gets.
type orderFieldArgs struct {
	A        orderActionArgs
	Name     string
	Label    string // message key
	Required bool
}

// orderDueArgs is what the "order-due" partial gets.
type orderDueArgs struct {
	Page *page
	Due  orderDue
}

// optionalNotes are the note forms the engine accepts empty.
var optionalNotes = []string{"accept", "extension_approve", "suspension_approve", "resume", "callback", "merge", "dispatch"}

func init() {
	addFuncs(template.FuncMap{
		"orderField": func(a orderActionArgs, name, label string, required bool) orderFieldArgs {
			return orderFieldArgs{A: a, Name: name, Label: label, Required: required}
		},
		"noteRequired": func(action string) bool { return !slices.Contains(optionalNotes, action) },
		"orderDue":     func(p *page, d orderDue) orderDueArgs { return orderDueArgs{Page: p, Due: d} },
		"orderAction":  orderActionFor,
	})
}

// orderActionFor lets another page draw one action form of a list row:
//
//	{{template "order-action-reply" (orderAction $ .Number .Version "reply" "/inbox")}}
//
// next is where to go after success ("" is the order page); dispatch and
// summon forms take the departments to offer as a last argument.
func orderActionFor(p *page, number string, version int, name, next string, departments ...[]option) orderActionArgs {
	var deps []option
	if len(departments) > 0 {
		deps = departments[0]
	}
	a := actionArgs(p, number, version, name, true, deps)
	a.Next = next
	return a
}
