package ui

import (
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
)

// consoleCategoryGroup is one class of the catalogue with its leaves, as an
// optgroup of the category select.
type consoleCategoryGroup struct {
	Label   string
	Options []option
}

func consoleCategoryName(c category.Category, lang Lang) string {
	if lang == LangEN && c.NameEn != "" {
		return c.NameEn
	}
	return c.NameZh
}

// consoleCategoryGroups lists the active leaves under their parent class,
// in catalogue order.
func consoleCategoryGroups(cats []category.Category, lang Lang, selected string) []consoleCategoryGroup {
	names := map[string]string{}
	for _, c := range cats {
		names[c.Code] = consoleCategoryName(c, lang)
	}
	var out []consoleCategoryGroup
	at := map[string]int{}
	for _, c := range cats {
		if !c.Leaf || !c.Active {
			continue
		}
		i, ok := at[c.ParentCode]
		if !ok {
			label := names[c.ParentCode]
			if label == "" {
				label = lang.T("console.category.other")
			}
			out = append(out, consoleCategoryGroup{Label: label})
			i = len(out) - 1
			at[c.ParentCode] = i
		}
		out[i].Options = append(out[i].Options, option{Value: c.Code, Label: consoleCategoryName(c, lang), Selected: c.Code == selected})
	}
	return out
}

// consoleSuggestion is a category proposed from the description.
type consoleSuggestion struct{ Code, Label string }

// consoleSuggestLimit is how many categories are proposed.
const consoleSuggestLimit = 4

func consoleSuggestions(cats []category.Category, lang Lang, text string) []consoleSuggestion {
	var out []consoleSuggestion
	for _, s := range category.Suggest(cats, text, consoleSuggestLimit) {
		out = append(out, consoleSuggestion{Code: s.Category.Code, Label: consoleCategoryName(s.Category, lang)})
	}
	return out
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
	pg.D = &consoleData{Suggest: consoleSuggestions(cats, pg.Lang, r.URL.Query().Get("description"))}
	u.renderFragment(w, r, http.StatusOK, "console", "console-suggest", pg)
}

// consoleFieldsView is the part of the form that depends on the category:
// its extra fields and, for a consultation, the answer.
type consoleFieldsView struct {
	Fields  []consoleField
	Consult bool
	Answer  string
	Errors  map[string]string
}

// consoleField is one extra field of the chosen category.
type consoleField struct {
	Name, ID, Label, Help, Kind string // Kind: text, textarea, number, datetime, select, checks
	Required                    bool
	Value                       string
	Options                     []option
	Error                       string
}

func consoleFieldsOf(cats []category.Category, lang Lang, code string, attrs map[string][]string, answer string, errs map[string]string) consoleFieldsView {
	v := consoleFieldsView{Answer: answer, Errors: errs}
	i := slices.IndexFunc(cats, func(c category.Category) bool { return c.Code == code })
	if i < 0 {
		return v
	}
	c := cats[i]
	v.Consult = c.Kind == category.KindConsult
	for _, f := range c.Fields {
		name := consoleAttrPrefix + f.Code
		vals := attrs[f.Code]
		cf := consoleField{Name: name, ID: "console-attr-" + f.Code, Label: f.Name, Help: f.Description,
			Required: f.Required, Value: strings.Join(vals, ","), Error: errs[name]}
		switch f.Datatype {
		case category.TypeText:
			cf.Kind = "textarea"
		case category.TypeNumber:
			cf.Kind = "number"
		case category.TypeDatetime:
			cf.Kind = "datetime"
		case category.TypeSingleValueList:
			cf.Kind = "select"
			cf.Options = append(cf.Options, option{Value: "", Label: lang.T("form.choose")})
			for _, fv := range f.Values {
				cf.Options = append(cf.Options, option{Value: fv.Key, Label: fv.Name, Selected: slices.Contains(vals, fv.Key)})
			}
		case category.TypeMultiValueList:
			cf.Kind = "checks"
			for _, fv := range f.Values {
				cf.Options = append(cf.Options, option{Value: fv.Key, Label: fv.Name, Selected: slices.Contains(vals, fv.Key)})
			}
		default:
			cf.Kind = "text"
		}
		v.Fields = append(v.Fields, cf)
	}
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
