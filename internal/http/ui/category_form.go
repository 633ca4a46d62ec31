package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/http/httpx"
)

// Pieces of the category part of an order form, shared by the operator
// console and the grid worker's report.

// categoryName is a category's name in lang: the one place that names a
// category (the English name, when the catalogue has one, on an English
// page; otherwise the Chinese).
func categoryName(c category.Category, lang Lang) string {
	if lang == LangEN && c.NameEn != "" {
		return c.NameEn
	}
	return c.NameZh
}

// categoryGroup is one class of the catalogue with its leaves: an optgroup
// of the category select.
type categoryGroup struct {
	Label   string
	Options []option
}

// categoryGroups lists the active leaves under their parent class, in
// catalogue order; leaves without a class go under otherLabel.
func categoryGroups(cats []category.Category, lang Lang, selected, otherLabel string) []categoryGroup {
	names := map[string]string{}
	for _, c := range cats {
		names[c.Code] = categoryName(c, lang)
	}
	var out []categoryGroup
	at := map[string]int{}
	for _, c := range cats {
		if !c.Leaf || !c.Active {
			continue
		}
		i, ok := at[c.ParentCode]
		if !ok {
			label := names[c.ParentCode]
			if label == "" {
				label = otherLabel
			}
			out = append(out, categoryGroup{Label: label})
			i = len(out) - 1
			at[c.ParentCode] = i
		}
		out[i].Options = append(out[i].Options, option{Value: c.Code, Label: categoryName(c, lang), Selected: c.Code == selected})
	}
	return out
}

// categorySuggestion is a leaf proposed from the description.
type categorySuggestion struct{ Code, Label string }

// suggestLeaves are the leaves proposed for text, best first, at most
// limit: from the model learned on this store's orders (internal/classify),
// which falls back to the catalogue's names and keywords while history is
// thin; without a classifier, or should it fail, from the keywords of cats.
func (u *UI) suggestLeaves(ctx context.Context, cats []category.Category, text string, limit int) []category.Category {
	var out []category.Category
	if u.o.Classifier != nil && strings.TrimSpace(text) != "" {
		res, err := u.o.Classifier.Suggest(ctx, text, limit)
		if err == nil {
			for _, s := range res.Categories {
				out = append(out, s.Category)
			}
			return out
		}
		if !errors.Is(err, classify.ErrInvalid) {
			httpx.LogContext(ctx).Warn("category suggestion", "err", err)
		}
	}
	for _, s := range category.Suggest(cats, text, limit) {
		out = append(out, s.Category)
	}
	return out
}

// categorySuggestions are the leaves proposed for text, as chips.
func (u *UI) categorySuggestions(ctx context.Context, cats []category.Category, lang Lang, text string, limit int) []categorySuggestion {
	var out []categorySuggestion
	for _, c := range u.suggestLeaves(ctx, cats, text, limit) {
		out = append(out, categorySuggestion{Code: c.Code, Label: categoryName(c, lang)})
	}
	return out
}

// attrField is one extra field of the chosen category as a form shows it.
type attrField struct {
	Name, ID, Label, Help, Kind string // Kind: text, textarea, number, datetime, select, checks
	Required                    bool
	Value                       string
	Options                     []option
	Error                       string
}

// attrFields are the inputs of the extra fields of category code: input
// names namePrefix+field code, ids idPrefix+field code, filled with what
// was typed (attrs) and the errors (keyed by input name). A single-value
// list starts with chooseLabel.
func attrFields(cats []category.Category, code, namePrefix, idPrefix, chooseLabel string,
	attrs map[string][]string, errs map[string]string) []attrField {
	i := slices.IndexFunc(cats, func(c category.Category) bool { return c.Code == code })
	if i < 0 {
		return nil
	}
	var out []attrField
	for _, f := range cats[i].Fields {
		vals := attrs[f.Code]
		name := namePrefix + f.Code
		af := attrField{Name: name, ID: idPrefix + f.Code, Label: f.Name, Help: f.Description, Required: f.Required,
			Value: strings.Join(vals, ","), Error: errs[name]}
		switch f.Datatype {
		case category.TypeText:
			af.Kind = "textarea"
		case category.TypeNumber:
			af.Kind = "number"
		case category.TypeDatetime:
			af.Kind = "datetime"
		case category.TypeSingleValueList:
			af.Kind = "select"
			af.Options = append(af.Options, option{Value: "", Label: chooseLabel})
			for _, v := range f.Values {
				af.Options = append(af.Options, option{Value: v.Key, Label: v.Name, Selected: slices.Contains(vals, v.Key)})
			}
		case category.TypeMultiValueList:
			af.Kind = "checks"
			for _, v := range f.Values {
				af.Options = append(af.Options, option{Value: v.Key, Label: v.Name, Selected: slices.Contains(vals, v.Key)})
			}
		default:
			af.Kind = "text"
		}
		out = append(out, af)
	}
	return out
}
