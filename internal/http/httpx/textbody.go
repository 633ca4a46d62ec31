package httpx

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"civicgrid/internal/errs"
)

// Body limits the text check reads to. A JSON body may be a whole grid
// import (64 MiB); DecodeJSON holds ordinary requests to MaxJSONBody.
const (
	MaxTextForm = 1 << 20
	MaxTextJSON = 64 << 20
)

// BodyError is a request body refused before any handler saw it: too
// large (413), a charset we do not read (415), not UTF-8 or a
// bidirectional override in a field (400). Field names the form field or
// JSON path when there is one.
type BodyError struct {
	Status int
	Code   string // invalid_encoding, bidi_override, too_large, unsupported_charset, invalid
	Field  string
	Msg    string // English and Chinese, for the API and Open311
}

func (e *BodyError) Error() string { return e.Msg }

// ErrorKind maps the refusal onto the shared kinds.
func (e *BodyError) ErrorKind() errs.Kind {
	switch e.Status {
	case http.StatusRequestEntityTooLarge:
		return errs.TooLarge
	case http.StatusUnsupportedMediaType:
		return errs.Unsupported
	}
	return errs.Invalid
}

func tooLarge(limit int64) *BodyError {
	return &BodyError{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
		Msg: fmt.Sprintf("the request body is larger than %s — 提交的内容超过 %s 上限", size(limit), size(limit))}
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// isBidiOverride reports the embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069) that make text show in another order
// than it reads: "txt.exe" disguised as "exe.txt", a phone number shown
// reversed.
func isBidiOverride(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// CheckText refuses a value that is not UTF-8 or holds a bidirectional
// override; field names it in the message.
func CheckText(field, s string) error {
	if !utf8.ValidString(s) {
		return &BodyError{Status: http.StatusBadRequest, Code: "invalid_encoding", Field: field,
			Msg: fmt.Sprintf("%s is not valid UTF-8: send text as UTF-8 (or declare charset=gb18030) — 字段 %s 不是有效的 UTF-8 编码", field, field)}
	}
	if i := strings.IndexFunc(s, isBidiOverride); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return &BodyError{Status: http.StatusBadRequest, Code: "bidi_override", Field: field,
			Msg: fmt.Sprintf("%s holds the text-direction control U+%04X, which can disguise text; remove it — 字段 %s 含有可伪装文字方向的控制字符 U+%04X，请删除", field, r, field, r)}
	}
	return nil
}

// secretField is a field whose value is never shown, so its direction
// cannot mislead anyone: a password is checked only for UTF-8.
func secretField(name string) bool { return strings.Contains(strings.ToLower(name), "password") }

func checkField(name, value string) error {
	if err := CheckText("field name", name); err != nil {
		return err
	}
	if secretField(name) && utf8.ValidString(value) {
		return nil
	}
	return CheckText(name, value)
}

// chineseCharset reports a declared GB 2312, GBK or GB 18030 body: GB 18030
// is a superset of the other two, so one decoder reads all three.
func chineseCharset(cs string) bool {
	switch strings.ToLower(strings.TrimSpace(cs)) {
	case "gb18030", "gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "windows-936":
		return true
	}
	return false
}

// decodeCharset turns a body in the declared charset into UTF-8.
func decodeCharset(cs string, b []byte) ([]byte, error) {
	switch {
	case cs == "" || strings.EqualFold(cs, "utf-8") || strings.EqualFold(cs, "utf8"):
		return b, nil
	case chineseCharset(cs):
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return nil, &BodyError{Status: http.StatusBadRequest, Code: "invalid_encoding",
				Msg: "the body is not valid " + cs + " — 提交的内容不是有效的 " + cs + " 编码"}
		}
		return out, nil
	}
	return nil, &BodyError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_charset",
		Msg: fmt.Sprintf("charset %q is not read here: send UTF-8 (or GB18030/GBK) — 不支持字符集 %s，请使用 UTF-8", cs, cs)}
}

// readAtMost reads the whole body, or refuses one over limit.
func readAtMost(r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, &BodyError{Status: http.StatusBadRequest, Code: "invalid", Msg: "could not read the request body — 无法读取提交的内容"}
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(limit)
	}
	return b, nil
}

func replaceBody(r *http.Request, b []byte, contentType string) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.Header.Set("Content-Type", contentType)
	r.Header.Del("Content-Encoding")
	if r.GetBody != nil {
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
}
