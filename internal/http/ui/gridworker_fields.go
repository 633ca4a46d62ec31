package ui

import (
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
)

// gwCategoryGroup is one class with its leaves: an optgroup of the select.
type gwCategoryGroup struct {
	Label   string
	Options []option
}

// gwSuggestion is a leaf proposed from the description.
type gwSuggestion struct{ Code, Label string }

// gwSuggestLimit is how many categories are proposed: a row of chips on a phone.
const gwSuggestLimit = 4

// gwField is one extra field of the chosen category, as the form shows it.
type gwField struct {
	Name, ID, Label, Help, Kind string // Kind: text, textarea, number, datetime, select, checks
	Required                    bool
	Value                       string
	Options                     []option
	Error                       string
}

func gwCategoryName(c category.Category, lang Lang) string {
	if lang == LangEN && c.NameEn != "" {
		return c.NameEn
	}
	return c.NameZh
}

// gwCategoryGroups lists the active leaves under their parent class, in
// catalogue order.
func gwCategoryGroups(cats []category.Category, lang Lang, selected string) []gwCategoryGroup {
	names := map[string]string{}
	for _, c := range cats {
		names[c.Code] = gwCategoryName(c, lang)
	}
	var out []gwCategoryGroup
	at := map[string]int{}
	for _, c := range cats {
		if !c.Leaf || !c.Active {
			continue
		}
		i, ok := at[c.ParentCode]
		if !ok {
			label := names[c.ParentCode]
			if label == "" {
				label = lang.T("gw.category.other")
			}
			out = append(out, gwCategoryGroup{Label: label})
			i = len(out) - 1
			at[c.ParentCode] = i
		}
		out[i].Options = append(out[i].Options, option{Value: c.Code, Label: gwCategoryName(c, lang), Selected: c.Code == selected})
	}
	return out
}

func gwSuggestions(cats []category.Category, lang Lang, text string) []gwSuggestion {
	var out []gwSuggestion
	for _, s := range category.Suggest(cats, text, gwSuggestLimit) {
		out = append(out, gwSuggestion{Code: s.Category.Code, Label: gwCategoryName(s.Category, lang)})
	}
	return out
}

// gwFieldsOf is the extra fields of category code with the values typed
// (attrs) and the errors, keyed by form field name.
func gwFieldsOf(cats []category.Category, code string, attrs map[string][]string, errs map[string]string, lang Lang) []gwField {
	i := slices.IndexFunc(cats, func(c category.Category) bool { return c.Code == code })
	if i < 0 {
		return nil
	}
	var out []gwField
	for _, f := range cats[i].Fields {
		vals := attrs[f.Code]
		name := gwAttrPrefix + f.Code
		gf := gwField{Name: name, ID: "gw-attr-" + f.Code, Label: f.Name, Help: f.Description, Required: f.Required,
			Value: strings.Join(vals, ","), Error: errs[name]}
		switch f.Datatype {
		case category.TypeText:
			gf.Kind = "textarea"
		case category.TypeNumber:
			gf.Kind = "number"
		case category.TypeDatetime:
			gf.Kind = "datetime"
		case category.TypeSingleValueList:
			gf.Kind = "select"
			gf.Options = append(gf.Options, option{Value: "", Label: lang.T("gw.choose")})
			for _, v := range f.Values {
				gf.Options = append(gf.Options, option{Value: v.Key, Label: v.Name, Selected: slices.Contains(vals, v.Key)})
			}
		case category.TypeMultiValueList:
			gf.Kind = "checks"
			for _, v := range f.Values {
				gf.Options = append(gf.Options, option{Value: v.Key, Label: v.Name, Selected: slices.Contains(vals, v.Key)})
			}
		default:
			gf.Kind = "text"
		}
		out = append(out, gf)
	}
	return out
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
	pg.D = &gwReportData{Suggestions: gwSuggestions(cats, pg.Lang, r.URL.Query().Get("description"))}
	u.renderFragment(w, r, http.StatusOK, "gw_report", "gw-suggest", pg)
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
	u.renderFragment(w, r, http.StatusOK, "gw_report", "gw-fields", pg)
}
