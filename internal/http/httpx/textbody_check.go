package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextBodies checks every request body that carries text — forms, JSON,
// the text fields of multipart forms — once, before authentication or any
// handler reads it: a declared GB 18030/GBK/GB 2312 charset is decoded to
// UTF-8; text that is not UTF-8, or holds a bidirectional override, is
// refused (400, the field named); a body over its limit is 413. A refused
// body reaches no handler, so nothing is stored.
type TextBodies struct {
	// Page answers a refused browser form post (a page, in the user's
	// language); nil writes the JSON error.
	Page func(w http.ResponseWriter, r *http.Request, e *BodyError)
	// Open311 answers a refused request under /open311/ in that API's
	// error format; nil writes the JSON error.
	Open311 func(w http.ResponseWriter, r *http.Request, e *BodyError)
}

// Middleware applies the check.
func (t TextBodies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil { // the handler says what it wants instead
			next.ServeHTTP(w, r)
			return
		}
		switch {
		case mt == "application/x-www-form-urlencoded":
			err = checkForm(r, params["charset"])
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			err = checkJSON(r, mt, params["charset"])
		case mt == "multipart/form-data":
			err = checkMultipart(w, r)
			defer func() {
				if r.MultipartForm != nil {
					_ = r.MultipartForm.RemoveAll()
				}
			}()
		}
		var be *BodyError
		if errors.As(err, &be) {
			t.refuse(w, r, be)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (t TextBodies) refuse(w http.ResponseWriter, r *http.Request, e *BodyError) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/open311/") && t.Open311 != nil:
		t.Open311(w, r, e)
	case wantsHTMLPage(r) && t.Page != nil:
		t.Page(w, r, e)
	default:
		WriteBodyError(w, e)
	}
}

// WriteBodyError answers a body DecodeJSON or TextBodies refused with its
// status (413, 415 or 400); any other error is a 400.
func WriteBodyError(w http.ResponseWriter, err error) {
	var be *BodyError
	if errors.As(err, &be) {
		problems := []string(nil)
		if be.Field != "" {
			problems = []string{be.Field}
		}
		WriteError(w, be.Status, be.Code, be.Msg, problems...)
		return
	}
	WriteError(w, http.StatusBadRequest, "invalid", err.Error())
}

func checkForm(r *http.Request, charset string) error {
	b, err := readAtMost(r, MaxTextForm)
	if err != nil {
		return err
	}
	vals, err := url.ParseQuery(string(b))
	if err != nil {
		return &BodyError{Status: http.StatusBadRequest, Code: "invalid", Msg: "the form does not parse — 表单格式不正确"}
	}
	transcoded := false
	if charset != "" && !strings.EqualFold(charset, "utf-8") {
		out := url.Values{}
		for k, vs := range vals {
			dk, err := decodeCharset(charset, []byte(k))
			if err != nil {
				return err
			}
			for _, v := range vs {
				dv, err := decodeCharset(charset, []byte(v))
				if err != nil {
					return err
				}
				out[string(dk)] = append(out[string(dk)], string(dv))
			}
		}
		vals, transcoded = out, true
	}
	if err := checkValues(vals); err != nil {
		return err
	}
	if transcoded {
		b = []byte(vals.Encode())
	}
	replaceBody(r, b, "application/x-www-form-urlencoded")
	return nil
}

// checkValues checks every field, in name order so the answer is stable.
func checkValues(vals map[string][]string) error {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range vals[k] {
			if err := checkField(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkMultipart(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return tooLarge(MaxFormBody)
		}
		return &BodyError{Status: http.StatusBadRequest, Code: "invalid", Msg: "the form does not parse — 表单格式不正确"}
	}
	return checkValues(r.MultipartForm.Value)
}

func checkJSON(r *http.Request, mediaType, charset string) error {
	b, err := readAtMost(r, MaxTextJSON)
	if err != nil {
		return err
	}
	if b, err = decodeCharset(charset, b); err != nil {
		return err
	}
	if !utf8.Valid(b) {
		at := len(b)
		for i := 0; i < len(b); {
			c, n := utf8.DecodeRune(b[i:])
			if c == utf8.RuneError && n == 1 {
				at = i
				break
			}
			i += n
		}
		return &BodyError{Status: http.StatusBadRequest, Code: "invalid_encoding",
			Msg: fmt.Sprintf("the JSON body is not valid UTF-8 (byte %d): send UTF-8, or declare charset=gb18030 — 提交的 JSON 不是有效的 UTF-8 编码（第 %d 字节）", at, at)}
	}
	if mayHoldBidi(b) {
		var doc any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if dec.Decode(&doc) == nil { // a body that does not parse is the handler's to refuse
			if err := walkJSON("", doc); err != nil {
				return err
			}
		}
	}
	replaceBody(r, b, mediaType)
	return nil
}

// bidiEscape finds a JSON escape of a bidirectional control.
var bidiEscape = regexp.MustCompile(`(?i)\\u(202[a-e]|206[6-9])`)

// mayHoldBidi is a quick look before a full walk: a literal control or
// its \u escape.
func mayHoldBidi(b []byte) bool {
	return bytes.ContainsFunc(b, isBidiOverride) || bidiEscape.Match(b)
}

// walkJSON names the first string (key or value) holding a control, by
// its path: description, attributes.floor, items[2].note.
func walkJSON(path string, v any) error {
	switch v := v.(type) {
	case string:
		if secretField(path) {
			return nil
		}
		return CheckText(orRoot(path), v)
	case []any:
		for i, item := range v {
			if err := walkJSON(path+"["+strconv.Itoa(i)+"]", item); err != nil {
				return err
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if err := CheckText("field name "+strconv.Quote(k), k); err != nil {
				return err
			}
			if err := walkJSON(p, v[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func orRoot(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
