package people

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// What the ledger import and export (internal/ledger) need of the register:
// the checks of Create without the store, which documents are registered
// already, and every person in scope for an export.

// CheckInput checks a person as Create does before asking the store and
// returns the document in standard form (type code, number).
func CheckInput(in Input, now time.Time) (DocKey, error) {
	c, err := check(in, now)
	if err != nil {
		return DocKey{}, err
	}
	return DocKey{Type: c.DocType, Number: c.DocNumber}, nil
}

// DocKey is a document in standard form, a person's natural key.
type DocKey struct{ Type, Number string }

// Registered answers, for each document already registered, the grid of
// the person holding it (under any key held); unregistered ones are absent.
// A few documents are looked up by index; many (a ledger) by one pass over
// the register's blind index column: 500 values a query made PostgreSQL
// scan the whole table for each query (80 s for 100,000 lines).
func (s *Service) Registered(ctx context.Context, q store.Querier, docs []DocKey) (map[DocKey]string, error) {
	out := map[DocKey]string{}
	byBlind := map[string][]DocKey{}
	var blinds []string
	for _, d := range docs {
		for _, b := range s.keys.BlindAll(d.Number) {
			if _, seen := byBlind[b]; !seen {
				blinds = append(blinds, b)
			}
			byBlind[b] = append(byBlind[b], d)
		}
	}
	scan := func(query string, args ...any) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var typ, blind, grid string
			if err := rows.Scan(&typ, &blind, &grid); err != nil {
				return err
			}
			for _, k := range byBlind[blind] {
				if k.Type == typ {
					out[k] = grid
				}
			}
		}
		return rows.Err()
	}
	if len(blinds) > registeredScanAbove {
		return out, scan(`SELECT doc_type, doc_blind, grid_code FROM people`)
	}
	const chunk = 500
	for start := 0; start < len(blinds); start += chunk {
		part := blinds[start:min(start+chunk, len(blinds))]
		args := make([]any, len(part))
		for i, b := range part {
			args[i] = b
		}
		if err := scan(`SELECT doc_type, doc_blind, grid_code FROM people WHERE doc_blind IN (`+marks(len(part))+`)`, args...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// registeredScanAbove documents are looked up by one pass over the
// register instead of by index.
const registeredScanAbove = 2000

// MayImport reports whether the role may load people from a ledger (the
// roles that register people).
func MayImport(role string) bool { return MayEdit(role) }

// ExportOptions says how an export opens the people: masked, or in full
// when Purpose is given by a role that may reveal (audited).
type ExportOptions struct {
	Under   string // a region or grid prefix inside the scope; "" is the whole scope
	Reveal  bool
	Purpose string
}

// exportBatch people are read per query (keyset by id).
const exportBatch = 1000

// Export calls each for every person in the actor's scope, by id, masked
// unless o.Reveal. An export is audited ("person.export", with the count,
// and the purpose when revealed) in the same transaction as the reads.
func (s *Service) Export(ctx context.Context, a Actor, o ExportOptions, each func(Person) error) error {
	if err := a.need(nameRoles, "export people"); err != nil {
		return err
	}
	purpose := strings.TrimSpace(o.Purpose)
	if o.Reveal {
		if err := a.need(revealRoles, "export people unmasked"); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(purpose); n < minPurpose || n > maxPurpose {
			return fieldErr("purpose", "请说明导出原因（%d至%d字） (say why, in %d to %d characters)", minPurpose, maxPurpose, minPurpose, maxPurpose)
		}
	}
	where, args := a.scopeWhere()
	if o.Under != "" {
		if !a.Scope.CoversRegion(o.Under) {
			return notFound("region %s", o.Under)
		}
		where, args = where+` AND p.grid_code LIKE ?`, append(args, o.Under+"%")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var last int64
		n := 0
		for {
			page, err := s.queryOpen(ctx, tx, o.Reveal, `SELECT `+personColumns+personFrom+` WHERE `+where+` AND p.id > ? ORDER BY p.id LIMIT ?`,
				append(append([]any{}, args...), last, exportBatch)...)
			if err != nil {
				return err
			}
			for _, p := range page {
				if err := each(p); err != nil {
					return err
				}
				last = p.ID
				n++
			}
			if len(page) < exportBatch {
				break
			}
		}
		detail := fmt.Sprintf("%d people, masked", n)
		if o.Reveal {
			detail = fmt.Sprintf("%d people, unmasked; purpose: %s", n, purpose)
		}
		return a.Audit.Record(ctx, tx, s.now(), "person.export", "people:"+a.Scope.RegionPrefix(), detail)
	})
}

// AnalyzeAfterBulk refreshes PostgreSQL's statistics of the register after
// a bulk load: until autovacuum gets to it (a minute or more), a table
// that grew from few rows to many is planned as small and searched by full
// scans — a rerun of a 100,000-people ledger took 82 s instead of seconds.
// SQLite plans by its indexes without statistics and is left alone.
func (s *Service) AnalyzeAfterBulk(ctx context.Context) error {
	if s.db.Dialect() != store.Postgres {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `ANALYZE people`)
	return err
}
