package ui

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// mapArgs is what the "map" partial draws: the one element a page's map
// lives in, which civicMap (web/static/civicmap.js) turns into a map over
// the tile server or the offline base layer. The tile server is the
// page's (page.Tiles, written once on the civicmap.js script tag by the
// "map-lib" partial), so no page passes it on.
type mapArgs struct {
	ID, Class, Label string              // Label is in the page's language
	Attrs            []template.HTMLAttr // data-… attributes, escaped here
}

// tiles is the deployment's tile server; an empty URL means the offline
// base layer (README "Street map").
type tiles struct{ URL, Attribution string }

func init() {
	// mapEl page id class labelKey name value …: the map element, with
	// data-name="value" for each pair the page's script reads. A name that
	// begins with "label-" takes a message key and writes its text in the
	// page's language; "hidden" (value ignored) hides the element until
	// the page's script shows it.
	addFuncs(template.FuncMap{"mapEl": mapElement})
}

func mapElement(p *page, id, class, labelKey string, pairs ...string) (mapArgs, error) {
	if len(pairs)%2 != 0 {
		return mapArgs{}, fmt.Errorf("ui: mapEl %s: name %q has no value", id, pairs[len(pairs)-1])
	}
	// Keys written as plain strings escape TestEveryUsedKeyIsInTheCatalogue,
	// so an unknown one fails the page here (every page is rendered in tests).
	for i := -2; i < len(pairs); i += 2 {
		key := labelKey
		if i >= 0 {
			if !strings.HasPrefix(pairs[i], "label-") {
				continue
			}
			key = pairs[i+1]
		}
		if _, ok := catalogue[key]; !ok {
			return mapArgs{}, fmt.Errorf("ui: mapEl %s: no message %q", id, key)
		}
	}
	m := mapArgs{ID: id, Class: class, Label: p.T(labelKey)}
	for i := 0; i < len(pairs); i += 2 {
		name, value := pairs[i], pairs[i+1]
		if name == "hidden" {
			m.Attrs = append(m.Attrs, "hidden")
			continue
		}
		if !validDataName(name) {
			return mapArgs{}, fmt.Errorf("ui: mapEl %s: bad attribute name %q", id, name)
		}
		if strings.HasPrefix(name, "label-") {
			value = p.T(value)
		}
		// The name is checked above and the value escaped, which is what
		// html/template does for a static attribute.
		m.Attrs = append(m.Attrs, template.HTMLAttr("data-"+name+`="`+html.EscapeString(value)+`"`))
	}
	return m, nil
}

// validDataName accepts what the pages use: lower-case letters, digits
// and inner hyphens.
func validDataName(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}
