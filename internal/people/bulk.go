package people

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// Row is one person for a bulk load (the demo, the bench, ledger
// imports): Input is checked as Create checks it; the place is the
// caller's, already checked (HouseID 0 for none).
type Row struct {
	Input
	GridCode, CommunityCode, BuildingCode string
}

// bulkBatch rows go in one INSERT (20 parameters each).
const bulkBatch = 200

// InsertBulk checks and seals rows and inserts them in batches on q (a
// transaction), without per-row audit entries; it returns the ids in row
// order. One bad row fails the whole load with its index.
func (s *Service) InsertBulk(ctx context.Context, q store.Querier, rows []Row) ([]int64, error) {
	now := s.now()
	ms := store.Millis(now)
	ids := make([]int64, len(rows))
	for start := 0; start < len(rows); start += bulkBatch {
		batch := rows[start:min(start+bulkBatch, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO people (community_code, grid_code, building_code, house_id, name_sealed, name_blind,
			doc_type, doc_sealed, doc_blind, sex, birth_year, phone_sealed, phone_blind, hukou, residence, separated, moved_in, moved_out,
			created_at, updated_at) VALUES `)
		args := make([]any, 0, len(batch)*20)
		index := map[string]int{} // doc blind → row
		for i, r := range batch {
			c, err := check(r.Input, now)
			if err != nil {
				return nil, fmt.Errorf("row %d: %w", start+i+1, err)
			}
			sl, err := s.seal(c)
			if err != nil {
				return nil, err
			}
			if _, dup := index[c.DocType+sl.docBlind]; dup {
				return nil, fmt.Errorf("row %d: %w: the document number is twice in the load", start+i+1, ErrConflict)
			}
			index[c.DocType+sl.docBlind] = start + i
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			args = append(args, r.CommunityCode, r.GridCode, nullStr(r.BuildingCode), nullID(r.HouseID), sl.name, sl.nameBlind,
				c.DocType, sl.doc, sl.docBlind, c.doc.Sex, birthYear(c.doc), sl.phone, sl.phoneBlind, c.Hukou, c.Residence, c.Separated,
				c.MovedIn, c.MovedOut, ms, ms)
		}
		b.WriteString(` RETURNING id, doc_type, doc_blind`)
		res, err := q.QueryContext(ctx, b.String(), args...)
		if err != nil {
			if store.IsUniqueViolation(err) {
				return nil, fmt.Errorf("%w: a document number of rows %d–%d is already registered", ErrConflict, start+1, start+len(batch))
			}
			return nil, err
		}
		for res.Next() {
			var id int64
			var typ, blind string
			if err := res.Scan(&id, &typ, &blind); err != nil {
				res.Close()
				return nil, err
			}
			ids[index[typ+blind]] = id
		}
		if err := res.Close(); err != nil {
			return nil, err
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// BulkHousehold is a household for a bulk load: its members, exactly one
// of them the head.
type BulkHousehold struct {
	CommunityCode, GridCode string
	HouseID                 int64
	Members                 []Member
}

// InsertHouseholds writes households for a bulk load on q.
func InsertHouseholds(ctx context.Context, q store.Querier, hs []BulkHousehold, at int64) error {
	for _, h := range hs {
		var id int64
		if err := q.QueryRowContext(ctx, `INSERT INTO households (community_code, grid_code, house_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, h.CommunityCode, h.GridCode, nullID(h.HouseID), at, at).Scan(&id); err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(`INSERT INTO household_members (household_id, person_id, relation) VALUES `)
		args := make([]any, 0, 3*len(h.Members))
		for i, m := range h.Members {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`(?, ?, ?)`)
			args = append(args, id, m.PersonID, m.Relation)
		}
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// InsertOwners writes house owners for a bulk load on q.
func InsertOwners(ctx context.Context, q store.Querier, os []Owner) error {
	for start := 0; start < len(os); start += 500 {
		batch := os[start:min(start+500, len(os))]
		var b strings.Builder
		b.WriteString(`INSERT INTO house_owners (house_id, person_id, share_bp) VALUES `)
		args := make([]any, 0, 3*len(batch))
		for i, o := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`(?, ?, ?)`)
			args = append(args, o.HouseID, o.PersonID, o.ShareBP)
		}
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
