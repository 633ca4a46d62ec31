package ui

import (
	"errors"
	"net/http"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/http/httpx"
)

func actorOf(r *http.Request, p *httpx.Principal) auth.Actor {
	return auth.ActorOf(p.User, httpx.ClientIP(r))
}

// calendarProblems turns a calendar validation error into a headline and
// its problems (with line numbers, for a notice file).
func calendarProblems(lang Lang, err error) (msg string, problems []string, ok bool) {
	var verr *calendar.ValidationError
	if !errors.As(err, &verr) {
		return "", nil, false
	}
	for _, p := range verr.Problems {
		problems = append(problems, p.String())
	}
	if verr.Omitted > 0 {
		problems = append(problems, lang.Tf("import.more", verr.Omitted))
	}
	return lang.T("calendar.invalid"), problems, true
}

// fieldError says what is wrong with a form field. The domain packages
// explain in English; in Chinese the page leads with its own words for the
// field's rule and keeps the detail in brackets.
func fieldError(lang Lang, prefix, field, detail string) string {
	hint, ok := catalogue[prefix+field]
	switch {
	case lang == LangEN || !ok:
		if detail == "" {
			return hint.en
		}
		return strings.ToUpper(detail[:1]) + detail[1:]
	case detail == "":
		return hint.zh
	}
	return hint.zh + "（" + detail + "）"
}
