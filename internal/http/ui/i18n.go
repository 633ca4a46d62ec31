package ui

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
)

// Lang is a page language. zh-CN comes first: the people who use civicgrid
// work in Chinese; English is for visitors, vendors and auditors.
type Lang string

const (
	LangZH Lang = "zh-CN"
	LangEN Lang = "en"
)

// Langs are the supported languages, default first.
var Langs = []Lang{LangZH, LangEN}

// LangCookie keeps the chosen language between visits.
const LangCookie = "lang"

func parseLang(s string) (Lang, bool) {
	switch s {
	case string(LangZH), "zh", "zh-cn":
		return LangZH, true
	case string(LangEN), "en-US", "en-GB":
		return LangEN, true
	}
	return "", false
}

// langOf picks the page language: ?lang= (which is then remembered in the
// cookie), else the cookie, else zh-CN.
func langOf(w http.ResponseWriter, r *http.Request) Lang {
	if l, ok := parseLang(r.URL.Query().Get("lang")); ok {
		http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
			SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie(LangCookie); err == nil {
		if l, ok := parseLang(c.Value); ok {
			return l
		}
	}
	return LangZH
}

// other is the language the switch offers.
func (l Lang) other() Lang {
	if l == LangZH {
		return LangEN
	}
	return LangZH
}

// T looks key up in the catalogue. A missing key shows as the key in
// brackets (and is logged) so it is seen on screen; a test keeps the
// templates and the catalogue in step.
func (l Lang) T(key string) string {
	m, ok := catalogue[key]
	if !ok {
		slog.Error("ui: message key missing from the catalogue", "key", key)
		return "[" + key + "]"
	}
	if l == LangEN {
		return m.en
	}
	return m.zh
}

// Tf is T used as a fmt format.
func (l Lang) Tf(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

// switchURL is the current URL with lang set to the other language, so a
// switch keeps the page and its query (a year, a region).
func switchURL(r *http.Request, to Lang) string {
	q := r.URL.Query()
	q.Set("lang", string(to))
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}
