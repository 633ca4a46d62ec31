package ui

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/category"
)

// portalAttrField is one extra field of the chosen category (灯杆编号, 噪音来源
// …) as the report form shows it. Input names are "attr.<code>".
type portalAttrField struct {
	Code, Name, Help string
	Kind             string // text, textarea, number, select, checks, datetime
	Required         bool
	Value            string
	Options          []portalOption // for select and checks; Checked marks the chosen
	Error            string
}

// portalDatetimeLocal is the value format of <input type="datetime-local">.
const portalDatetimeLocal = "2006-01-02T15:04"

// portalAttrFields builds the inputs of c's fields, filled with what was typed
// and with the errors found.
func portalAttrFields(c category.Category, values map[string]string, errs map[string]string) []portalAttrField {
	out := make([]portalAttrField, 0, len(c.Fields))
	for _, f := range c.Fields {
		v := values[f.Code]
		af := portalAttrField{Code: f.Code, Name: f.Name, Help: f.Description, Required: f.Required, Value: v,
			Error: errs["attr."+f.Code]}
		switch f.Datatype {
		case category.TypeText:
			af.Kind = "textarea"
		case category.TypeNumber:
			af.Kind = "number"
		case category.TypeDatetime:
			af.Kind = "datetime"
		case category.TypeSingleValueList, category.TypeMultiValueList:
			af.Kind = "select"
			if f.Datatype == category.TypeMultiValueList {
				af.Kind = "checks"
			}
			chosen := strings.Split(v, ",")
			for _, fv := range f.Values {
				af.Options = append(af.Options, portalOption{Code: fv.Key, Name: fv.Name, Checked: slices.Contains(chosen, fv.Key)})
			}
		default:
			af.Kind = "text"
		}
		out = append(out, af)
	}
	return out
}

// portalReadAttrs collects the "attr.<code>" inputs of a form: several checked
// boxes of one field become its keys separated by commas.
func portalReadAttrs(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, vs := range r.Form { // multipart values are merged in too
		code, ok := strings.CutPrefix(k, "attr.")
		if !ok || code == "" {
			continue
		}
		var kept []string
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) > 0 {
			out[code] = strings.Join(kept, ",")
		}
	}
	return out
}

// portalEngineAttrs turns form values into what the engine takes: a local
// date-time from the browser becomes RFC 3339 in Shanghai; the rest as
// typed (the engine checks them).
func portalEngineAttrs(c category.Category, values map[string]string) map[string]string {
	out := map[string]string{}
	for code, v := range values {
		i := slices.IndexFunc(c.Fields, func(f category.Field) bool { return f.Code == code })
		if i >= 0 && c.Fields[i].Datatype == category.TypeDatetime {
			if t, err := time.ParseInLocation(portalDatetimeLocal, v, shanghaiLocation()); err == nil {
				v = t.Format(time.RFC3339)
			}
		}
		out[code] = v
	}
	return out
}

// reportFields answers GET /report/fields?category=…: the extra fields of
// the chosen category (htmx swaps them in when the choice changes).
func (u *UI) portalFields(w http.ResponseWriter, r *http.Request) {
	cat, err := u.portalCatalogue(r.Context())
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	pg := u.newPage(w, r, nil, "portal.report.title")
	var d portalReportData
	if c, ok := cat.leaf(portalChosenCategory(r)); ok {
		d.F.Category, d.Fields = c.Code, portalAttrFields(c, portalReadAttrs(r), nil)
	}
	pg.D = d
	u.renderFragment(w, r, http.StatusOK, "portal_report", "portal-fields", pg)
}
