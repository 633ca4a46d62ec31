package store

import (
	"strconv"
	"strings"
	"sync"
)

// Dialect names the SQL flavour behind a DB. Queries are written once with
// '?' placeholders in the portable subset; the dialect rebinds them.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

var rebindCache sync.Map // map[string]string, postgres only

// Rebind turns '?' placeholders into '$1, $2 …' for PostgreSQL. SQLite keeps
// '?' because modernc binds '$N' by number but other drivers by order, and we
// never want the two readings to differ. Question marks inside single-quoted
// literals are left alone.
func (d Dialect) Rebind(query string) string {
	if d != Postgres {
		return query
	}
	if q, ok := rebindCache.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebindCache.Store(query, out)
	return out
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either store, so callers can turn it into a clear conflict.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
