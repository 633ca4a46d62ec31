package ui

import (
	"context"
	"net/http"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
)

// gwSuggestLimit is how many categories are proposed: a row of chips on a phone.
const gwSuggestLimit = 4

// gwCategoryGroups lists the active leaves under their class.
func gwCategoryGroups(cats []category.Category, lang Lang, selected string) []categoryGroup {
	return categoryGroups(cats, lang, selected, lang.T("gw.category.other"))
}

func (u *UI) gwSuggestions(ctx context.Context, cats []category.Category, lang Lang, text string) []categorySuggestion {
	return u.categorySuggestions(ctx, cats, lang, text, gwSuggestLimit)
}

// gwFieldsOf is the extra fields of category code with the values typed
// (attrs) and the errors, keyed by form field name.
func gwFieldsOf(cats []category.Category, code string, attrs map[string][]string, errs map[string]string, lang Lang) []attrField {
	return attrFields(cats, code, gwAttrPrefix, "gw-attr-", lang.T("gw.choose"), attrs, errs)
}

// gwSuggest is the htmx fragment of proposed categories as the worker
// types the description.
func (u *UI) gwSuggest(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "gw.report.title")
	cats, err := category.List(r.Context(), u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = &gwReportData{Suggestions: u.gwSuggestions(r.Context(), cats, pg.Lang, r.URL.Query().Get("description"))}
	u.renderFragment(w, r, http.StatusOK, "gridworker_report", "gw-suggest", pg)
}

// gwFields is the htmx fragment of the chosen category's extra fields.
func (u *UI) gwFields(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "gw.report.title")
	cats, err := category.List(r.Context(), u.o.DB, false)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg.D = &gwReportData{Fields: gwFieldsOf(cats, r.URL.Query().Get("category"), nil, nil, pg.Lang)}
	u.renderFragment(w, r, http.StatusOK, "gridworker_report", "gw-fields", pg)
}
