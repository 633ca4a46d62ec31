package supervision

import (
	"database/sql"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

const maxText = 2000

// cleanText trims s and checks it is present (when required), not too
// long and free of control characters other than line breaks and tabs.
func cleanText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", invalid(field, "required")
		}
		return "", nil
	}
	if !utf8.ValidString(s) {
		return "", invalid(field, "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalid(field, "at most %d characters, got %d", max, n)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }) {
		return "", invalid(field, "contains control characters")
	}
	return s, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
