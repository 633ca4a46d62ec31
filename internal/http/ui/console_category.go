package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/http/httpx"
)

// consoleCategoryGroups lists the active leaves under their class.
func consoleCategoryGroups(cats []category.Category, lang Lang, selected string) []categoryGroup {
	return categoryGroups(cats, lang, selected, lang.T("console.category.other"))
}

// consoleSuggestLimit is how many categories are proposed.
const consoleSuggestLimit = 4

func (u *UI) consoleSuggestions(ctx context.Context, cats []category.Category, lang Lang, text string) []categorySuggestion {
	return u.categorySuggestions(ctx, cats, lang, text, consoleSuggestLimit)
}

// consoleSuggest is the htmx fragment of suggestions as the operator
// types the description.
func (u *UI) consoleSuggest(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	cats, err := category.List(r.Context(), u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = &consoleData{Suggest: u.consoleSuggestions(r.Context(), cats, pg.Lang, r.URL.Query().Get("description"))}
	u.renderFragment(w, r, http.StatusOK, "console", "console-suggest", pg)
}

// consoleDemandTypes are the 诉求类型 options of the console: the one the
// operator chose, else the one the description's words suggest, selected;
// with no description yet, "decide from the words" is.
func consoleDemandTypes(lang Lang, chosen, description string) []option {
	if chosen == "" && strings.TrimSpace(description) != "" {
		chosen = classify.SuggestKind(description)
	}
	out := []option{{Value: "", Label: lang.T("console.demand.auto"), Selected: chosen == ""}}
	for _, k := range classify.Kinds {
		out = append(out, option{Value: k, Label: lang.T("demand." + k), Selected: k == chosen})
	}
	return out
}

// consoleFieldsView is the part of the form that depends on the category:
// its extra fields and, for a consultation, the answer.
type consoleFieldsView struct {
	Fields  []attrField
	Consult bool
	Answer  string
	Errors  map[string]string
}

func consoleFieldsOf(cats []category.Category, lang Lang, code string, attrs map[string][]string, answer string, errs map[string]string) consoleFieldsView {
	v := consoleFieldsView{Answer: answer, Errors: errs}
	i := slices.IndexFunc(cats, func(c category.Category) bool { return c.Code == code })
	if i < 0 {
		return v
	}
	v.Consult = cats[i].Kind == category.KindConsult
	v.Fields = attrFields(cats, code, consoleAttrPrefix, "console-attr-", lang.T("form.choose"), attrs, errs)
	return v
}

// consoleFields is the htmx fragment swapped in when the category changes.
func (u *UI) consoleFields(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	cats, err := category.List(r.Context(), u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	// The fields of the category chosen before come along, so what was
	// typed into a field both categories share is kept.
	typed := readConsoleForm(r.URL.Query())
	pg.D = &consoleData{Fields: consoleFieldsOf(cats, pg.Lang, typed.Category, typed.Attrs, typed.Answer, nil)}
	u.renderFragment(w, r, http.StatusOK, "console", "console-fields", pg)
}
