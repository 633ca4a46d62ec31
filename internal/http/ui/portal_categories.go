package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/category"
)

// portalSuggestLimit is how many suggested categories the form offers: enough
// to find the right one, few enough to read on a phone.
const portalSuggestLimit = 5

// portalOption is one category a resident may choose.
type portalOption struct {
	Code, Name string
	Checked    bool
}

// portalCatGroup is the leaves of one class, for the full list.
type portalCatGroup struct {
	Label   string
	Options []portalOption
}

// portalCatChoice is what the category part of the report form shows: the
// categories suggested by the description (radio buttons, with "another
// category" last) and the whole catalogue grouped by class (a select).
type portalCatChoice struct {
	Suggested    []portalOption
	OtherChecked bool // the choice is in the full list, not a suggestion
	Groups       []portalCatGroup
}

// portalCatalogue is the active catalogue by code, in display order.
type portalCatalogue struct {
	list   []category.Category
	byCode map[string]category.Category
}

func (u *UI) portalCatalogue(ctx context.Context) (portalCatalogue, error) {
	list, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		return portalCatalogue{}, err
	}
	c := portalCatalogue{list: list, byCode: map[string]category.Category{}}
	for _, x := range list {
		c.byCode[x.Code] = x
	}
	return c, nil
}

// leaf returns the active leaf with code, the only kind an order is filed
// under.
func (c portalCatalogue) leaf(code string) (category.Category, bool) {
	x, ok := c.byCode[code]
	return x, ok && x.Leaf && x.Active
}

// choice builds the category part for a description and the category
// already chosen. The chosen one stays offered even when the words no
// longer suggest it, so typing never loses a choice.
func (c portalCatalogue) choice(lang Lang, suggested []category.Category, chosen string) portalCatChoice {
	var ch portalCatChoice
	if _, ok := c.leaf(chosen); !ok {
		chosen = ""
	}
	for _, s := range suggested {
		ch.Suggested = append(ch.Suggested, portalOption{Code: s.Code, Name: categoryName(s, lang),
			Checked: s.Code == chosen})
	}
	inSuggested := slices.ContainsFunc(ch.Suggested, func(o portalOption) bool { return o.Checked })
	ch.OtherChecked = chosen != "" && !inSuggested
	byParent := map[string]int{}
	for _, x := range c.list {
		if !x.Leaf || !x.Active {
			continue
		}
		i, ok := byParent[x.ParentCode]
		if !ok {
			i = len(ch.Groups)
			byParent[x.ParentCode] = i
			ch.Groups = append(ch.Groups, portalCatGroup{Label: c.classLabel(lang, x.ParentCode)})
		}
		ch.Groups[i].Options = append(ch.Groups[i].Options, portalOption{Code: x.Code, Name: categoryName(x, lang),
			Checked: ch.OtherChecked && x.Code == chosen})
	}
	return ch
}

// classLabel names a class with its root ("事件 · 市容环境"): two classes
// may share a name under different roots.
func (c portalCatalogue) classLabel(lang Lang, code string) string {
	var names []string
	for code != "" {
		x, ok := c.byCode[code]
		if !ok {
			break
		}
		names = append([]string{categoryName(x, lang)}, names...)
		code = x.ParentCode
	}
	return strings.Join(names, " · ")
}

// portalChosenCategory reads the category of a report form: a suggested radio,
// or (with "another category" chosen, value "") the full list.
func portalChosenCategory(r *http.Request) string {
	if c := strings.TrimSpace(r.FormValue("category")); c != "" {
		return c
	}
	return strings.TrimSpace(r.FormValue("category_all"))
}

// reportSuggest answers GET /report/suggest?description=…&category=…:
// the category part of the form for what the resident has typed so far
// (htmx swaps it in as they type).
func (u *UI) portalSuggest(w http.ResponseWriter, r *http.Request) {
	cat, err := u.portalCatalogue(r.Context())
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	pg := u.newPage(w, r, nil, "portal.report.title")
	text := r.FormValue("description")
	if text == "" {
		text = r.FormValue("text")
	}
	pg.D = portalReportData{Choice: cat.choice(pg.Lang, u.suggestLeaves(r.Context(), cat.list, text, portalSuggestLimit), portalChosenCategory(r))}
	u.renderFragment(w, r, http.StatusOK, "portal_report", "portal-categories", pg)
}
