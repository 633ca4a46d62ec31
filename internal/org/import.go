package org

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// insertBatch rows go in one INSERT: 7 parameters each stays far below the
// SQLite (32766) and PostgreSQL (65535) limits.
const insertBatch = 500

// ImportDivisions brings the regions of under's subtree, plus under's
// ancestors, in line with d, in one transaction. under is a 2-, 4-, 6- or
// 9-digit code that must be in d. New rows are added, renamed rows updated;
// nothing is deleted: a region below under that d lacks is reported in
// NotInFile and kept. Running it twice changes nothing the second time.
func ImportDivisions(ctx context.Context, db *store.DB, d *Divisions, under string) (ImportReport, error) {
	rows, err := d.Scope(under)
	if err != nil {
		return ImportReport{}, err
	}
	var rep ImportReport
	err = db.InTx(ctx, func(tx *store.Tx) error {
		rep, err = importScope(ctx, tx, under, rows, unstamped())
		return err
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

func importScope(ctx context.Context, tx *store.Tx, under string, rows []Region, now time.Time) (ImportReport, error) {
	rep := ImportReport{Under: under}
	existing, err := loadScope(ctx, tx, under)
	if err != nil {
		return rep, err
	}
	var added []Region
	for _, r := range rows {
		if r.Code == under {
			rep.UnderName = r.Name
		}
		old, ok := existing[r.Code]
		delete(existing, r.Code)
		switch {
		case !ok:
			added = append(added, r)
		case old == r:
			rep.Unchanged++
		default:
			if err := updateRegion(ctx, tx, r, now); err != nil {
				return rep, err
			}
			rep.Changed = append(rep.Changed, Change{Code: r.Code, Old: old, New: r})
		}
	}
	for start := 0; start < len(added); start += insertBatch {
		end := min(start+insertBatch, len(added))
		if err := insertRegions(ctx, tx, added[start:end], now); err != nil {
			return rep, err
		}
	}
	rep.Added = added
	// What is left was in the database but not in the file: kept, reported.
	for _, r := range sortedRegions(existing) {
		if Covers(under, r.Code) {
			rep.NotInFile = append(rep.NotInFile, r)
		}
	}
	return rep, nil
}

// loadScope reads the stored regions of under's subtree and ancestors.
func loadScope(ctx context.Context, q store.Querier, under string) (map[string]Region, error) {
	args := []any{under + "%"} // under is all digits: no LIKE wildcard in it
	for _, a := range ancestorCodes(under) {
		args = append(args, a)
	}
	query := `SELECT ` + regionColumns + ` FROM regions WHERE code LIKE ?`
	if len(args) > 1 {
		query += ` OR code IN (` + placeholders(len(args)-1) + `)`
	}
	list, err := queryRegions(ctx, q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("org: read regions under %s: %w", under, err)
	}
	out := make(map[string]Region, len(list))
	for _, r := range list {
		out[r.Code] = r
	}
	return out, nil
}

func insertRegions(ctx context.Context, q store.Querier, rows []Region, now time.Time) error {
	ms := store.Millis(now)
	args := make([]any, 0, len(rows)*7)
	values := make([]byte, 0, len(rows)*24)
	for i, r := range rows {
		if i > 0 {
			values = append(values, ", "...)
		}
		values = append(values, "(?, ?, ?, ?, ?, ?, ?)"...)
		args = append(args, r.Code, r.Name, r.OfficialName, r.Level, nullable(r.ParentCode), ms, ms)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO regions
		(code, name, official_name, level, parent_code, created_at, updated_at) VALUES `+string(values), args...)
	if err != nil {
		return fmt.Errorf("org: insert %d regions from %s: %w", len(rows), rows[0].Code, err)
	}
	return nil
}

func updateRegion(ctx context.Context, q store.Querier, r Region, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE regions SET name = ?, official_name = ?, level = ?, parent_code = ?, updated_at = ?
		WHERE code = ?`, r.Name, r.OfficialName, r.Level, nullable(r.ParentCode), store.Millis(now), r.Code)
	if err != nil {
		return fmt.Errorf("org: update region %s: %w", r.Code, err)
	}
	return nil
}

// nullable stores "" as NULL (a province has no parent).
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
