package category

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/errs"
)

// Datatypes of extra fields, as Open311 GeoReport v2 names them.
const (
	TypeString          = "string"
	TypeNumber          = "number"
	TypeText            = "text"
	TypeSingleValueList = "singlevaluelist"
	TypeMultiValueList  = "multivaluelist"
	TypeDatetime        = "datetime"
)

var datatypes = []string{TypeString, TypeNumber, TypeText, TypeSingleValueList, TypeMultiValueList, TypeDatetime}

// Field is an extra field an order of a category carries (an Open311
// attribute): e.g. 灯杆编号 for a streetlight, 噪音来源 for noise.
type Field struct {
	Code        string       `json:"code"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Datatype    string       `json:"datatype"`
	Required    bool         `json:"required"`
	Values      []FieldValue `json:"values,omitempty"` // for the list types
}

// FieldValue is one choice of a list field.
type FieldValue struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

var (
	fieldCodeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
	valueKeyRE  = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
)

// Limits on attribute values an order may carry.
const (
	maxStringValue = 200
	maxTextValue   = 4000
	maxFields      = 20
)

func checkFields(fields []Field) error {
	if len(fields) > maxFields {
		return invalid("fields", "at most %d fields", maxFields)
	}
	seen := map[string]bool{}
	for i, f := range fields {
		where := fmt.Sprintf("fields[%d]", i)
		switch {
		case !fieldCodeRE.MatchString(f.Code):
			return invalid(where+".code", "%q must be a-z, 0-9 and _ (at most 32, starting with a letter)", f.Code)
		case seen[f.Code]:
			return invalid(where+".code", "%q is used twice", f.Code)
		case strings.TrimSpace(f.Name) == "":
			return invalid(where+".name", "must not be empty")
		case !slices.Contains(datatypes, f.Datatype):
			return invalid(where+".datatype", "%q: want one of %s", f.Datatype, strings.Join(datatypes, ", "))
		}
		seen[f.Code] = true
		isList := f.Datatype == TypeSingleValueList || f.Datatype == TypeMultiValueList
		if isList != (len(f.Values) > 0) {
			if isList {
				return invalid(where+".values", "a list field needs at least one value")
			}
			return invalid(where+".values", "only list fields take values")
		}
		keys := map[string]bool{}
		for j, v := range f.Values {
			if !valueKeyRE.MatchString(v.Key) || keys[v.Key] {
				return invalid(fmt.Sprintf("%s.values[%d].key", where, j), "%q must be unique and 1-32 of a-z, 0-9, _ and -", v.Key)
			}
			if strings.TrimSpace(v.Name) == "" {
				return invalid(fmt.Sprintf("%s.values[%d].name", where, j), "must not be empty")
			}
			keys[v.Key] = true
		}
	}
	return nil
}

// AttributeError says which attribute of an order is wrong for its
// category and why.
type AttributeError struct {
	Code string
	Msg  string
}

func (e *AttributeError) Error() string { return "attribute " + e.Code + ": " + e.Msg }

func (e *AttributeError) ErrorKind() errs.Kind { return errs.Invalid }

// CheckAttributes validates the extra field values of an order against the
// category's fields and returns them cleaned (trimmed, empty ones dropped,
// numbers and datetimes in canonical form). A multivaluelist value is its
// keys separated by commas. Unknown codes and missing required fields are
// refused with an *AttributeError.
func (c Category) CheckAttributes(attrs map[string]string) (map[string]string, error) {
	out := map[string]string{}
	byCode := map[string]Field{}
	for _, f := range c.Fields {
		byCode[f.Code] = f
	}
	for code := range attrs {
		if _, ok := byCode[code]; !ok {
			return nil, &AttributeError{Code: code, Msg: fmt.Sprintf("category %s has no such field", c.Code)}
		}
	}
	for _, f := range c.Fields {
		v := strings.TrimSpace(attrs[f.Code])
		if v == "" {
			if f.Required {
				return nil, &AttributeError{Code: f.Code, Msg: fmt.Sprintf("%s (%s) is required", f.Name, f.Code)}
			}
			continue
		}
		clean, err := checkValue(f, v)
		if err != nil {
			return nil, &AttributeError{Code: f.Code, Msg: err.Error()}
		}
		out[f.Code] = clean
	}
	return out, nil
}

func checkValue(f Field, v string) (string, error) {
	if !utf8.ValidString(v) {
		return "", fmt.Errorf("not valid UTF-8")
	}
	switch f.Datatype {
	case TypeString:
		if utf8.RuneCountInString(v) > maxStringValue || strings.ContainsAny(v, "\r\n") {
			return "", fmt.Errorf("must be one line of at most %d characters", maxStringValue)
		}
	case TypeText:
		if utf8.RuneCountInString(v) > maxTextValue {
			return "", fmt.Errorf("at most %d characters", maxTextValue)
		}
	case TypeNumber:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n != n || n > 1e15 || n < -1e15 {
			return "", fmt.Errorf("%q is not a number", v)
		}
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	case TypeDatetime:
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return "", fmt.Errorf("%q is not an RFC 3339 time such as 2026-11-23T08:30:00+08:00", v)
		}
		return t.Format(time.RFC3339), nil
	case TypeSingleValueList:
		if !f.hasKey(v) {
			return "", fmt.Errorf("%q is not one of %s", v, f.keyList())
		}
	case TypeMultiValueList:
		var keys []string
		for _, k := range strings.Split(v, ",") {
			k = strings.TrimSpace(k)
			if !f.hasKey(k) {
				return "", fmt.Errorf("%q is not one of %s", k, f.keyList())
			}
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		return strings.Join(keys, ","), nil
	}
	return v, nil
}

func (f Field) hasKey(k string) bool {
	return slices.ContainsFunc(f.Values, func(v FieldValue) bool { return v.Key == k })
}

func (f Field) keyList() string {
	keys := make([]string, len(f.Values))
	for i, v := range f.Values {
		keys[i] = v.Key
	}
	return strings.Join(keys, ", ")
}
