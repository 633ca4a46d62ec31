package ui

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"civicgrid/web"
)

// message is one label in both languages. Formats (%s, %d) must agree
// between the two; a test checks that every key has both and that the
// verbs match, and that every key the templates use is here.
type message struct{ zh, en string }

// catalogue is every page label, read once when the package loads from
// web/locale/<lang>/<area>.json: one flat JSON object per page family and
// language, key → text, so a translator edits text files and a new page
// family adds a file pair instead of touching a shared one. The files are
// embedded, so a broken catalogue fails every test of this package.
var catalogue = mustLoadCatalogue(web.Files, "locale")

// catalogueLangs are the directories under locale/, in message order.
var catalogueLangs = [2]Lang{LangZH, LangEN}

func mustLoadCatalogue(fsys fs.FS, dir string) map[string]message {
	c, err := loadCatalogue(fsys, dir)
	if err != nil {
		panic("ui: " + err.Error())
	}
	return c
}

// loadCatalogue reads dir/<lang>/*.json. A file that is not an object of
// strings, a key in two areas, an area or a key in one language only are
// refused: each would show a bracketed key on some page.
func loadCatalogue(fsys fs.FS, dir string) (map[string]message, error) {
	c := map[string]message{}
	areaOf := [2]map[string]string{{}, {}} // per language: key → area
	areas := [2][]string{}
	for i, l := range catalogueLangs {
		files, err := fs.Glob(fsys, path.Join(dir, string(l), "*.json"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("catalogue: no %s/%s/*.json", dir, l)
		}
		for _, p := range files {
			area := strings.TrimSuffix(path.Base(p), ".json")
			areas[i] = append(areas[i], area)
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("catalogue %s: %v", p, err)
			}
			for k, v := range m {
				if other, dup := areaOf[i][k]; dup {
					return nil, fmt.Errorf("catalogue %s: key %q is also in %s.json", p, k, other)
				}
				areaOf[i][k] = area
				t := c[k]
				if i == 0 {
					t.zh = v
				} else {
					t.en = v
				}
				c[k] = t
			}
		}
	}
	if strings.Join(areas[0], " ") != strings.Join(areas[1], " ") {
		return nil, fmt.Errorf("catalogue: the languages have different area files: %s %v, %s %v",
			catalogueLangs[0], areas[0], catalogueLangs[1], areas[1])
	}
	var missing []string
	for k := range c {
		za, zok := areaOf[0][k]
		ea, eok := areaOf[1][k]
		switch {
		case !zok:
			missing = append(missing, fmt.Sprintf("%q (%s/%s.json) has no %s text", k, catalogueLangs[1], ea, catalogueLangs[0]))
		case !eok:
			missing = append(missing, fmt.Sprintf("%q (%s/%s.json) has no %s text", k, catalogueLangs[0], za, catalogueLangs[1]))
		case za != ea:
			missing = append(missing, fmt.Sprintf("%q is in %s.json in %s but in %s.json in %s", k, za, catalogueLangs[0], ea, catalogueLangs[1]))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("catalogue: %s", strings.Join(missing, "; "))
	}
	return c, nil
}

// addDomainLabels adds labels whose text a domain package owns (the order
// statuses' names in order.Status), so they are written once there and
// never in web/locale. A key defined twice is a programming error.
func addDomainLabels(m map[string]message) {
	for k, v := range m {
		if _, dup := catalogue[k]; dup {
			panic("ui: message key defined twice: " + k)
		}
		catalogue[k] = v
	}
}

// addMessages adds labels written as Go literals, as page families did
// before the catalogue moved to web/locale. It stays only so that a branch
// written before then still builds when merged; a test fails while any
// code calls it, and the converter the lead runs after a merge
// (i18n-convert, see docs/design.md §7) moves the labels to the JSON files.
// A key defined twice is a programming error.
func addMessages(m map[string]message) { addDomainLabels(m) }
