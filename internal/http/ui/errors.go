package ui

import (
	"errors"
	"net/http"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/errs"
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
		problems = append(problems, calendarProblem(lang, p))
	}
	if verr.Omitted > 0 {
		problems = append(problems, lang.Tf("import.more", verr.Omitted))
	}
	return lang.T("calendar.invalid"), problems, true
}

// fieldError says what is wrong with a form field. The domain packages
// explain in English; a Chinese page says it in its own words for the
// field's rule (prefix+field, else prefix+"other", else form.invalid) and
// keeps the detail in brackets only when it is Chinese too: one language
// per page.
func fieldError(lang Lang, prefix, field, detail string) string {
	hint, ok := catalogue[prefix+field]
	if lang == LangEN {
		if detail == "" {
			return hint.en
		}
		return strings.ToUpper(detail[:1]) + detail[1:]
	}
	if !ok {
		if hint, ok = catalogue[prefix+"other"]; !ok {
			hint = catalogue["form.invalid"]
		}
	}
	if detail == "" || strings.IndexFunc(detail, isLatinLetter) >= 0 {
		return hint.zh
	}
	return hint.zh + "（" + detail + "）"
}

func isLatinLetter(r rune) bool { return r < 0x80 && ('a' <= r|0x20 && r|0x20 <= 'z') }

// calendarProblem says one calendar problem in lang: the domain's English
// on the English page, the catalogue's words for its code on the Chinese
// one (the detail only where it is not English).
func calendarProblem(lang Lang, p calendar.Problem) string {
	key := "calendar.problem." + p.Code
	if _, ok := catalogue[key]; lang == LangEN || p.Code == "" || !ok {
		if lang != LangEN {
			return lang.T("calendar.invalid")
		}
		return p.String()
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if a == "name_en" {
			a = lang.T("calendar.field.name_en")
		} else if a == "name" {
			a = lang.T("calendar.field.name")
		}
		args[i] = a
	}
	msg := lang.Tf(key, args...)
	if p.Line > 0 {
		return lang.Tf("calendar.problem.line", p.Line) + msg
	}
	return msg
}

// localMessage is a domain refusal in the page's language. The newer
// domains write "english — 中文", several such parts joined by "; ",
// after their sentinel (dropped by errs.Detail). A Chinese page never
// shows the English half: a message without a Chinese half gets fallback
// there, the generic sentence for what went wrong.
func localMessage(lang Lang, err error, fallback string) string {
	var out []string
	for _, part := range strings.Split(errs.Detail(err), "; ") {
		en, _, bilingual := strings.Cut(part, " — ")
		switch {
		case lang == LangEN:
			out = append(out, en)
		case bilingual:
			out = append(out, part[strings.LastIndex(part, " — ")+len(" — "):])
		}
	}
	if len(out) == 0 {
		return fallback
	}
	return strings.Join(out, "; ")
}
