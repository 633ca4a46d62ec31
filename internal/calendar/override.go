package calendar

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// Override is a stored change to the shipped schedule for one date.
type Override struct {
	Entry
	CreatedAt time.Time
	CreatedBy string
}

// ListOverrides returns the stored overrides in date order.
func ListOverrides(ctx context.Context, q store.Querier) ([]Override, error) {
	rows, err := q.QueryContext(ctx, `SELECT date, workday, name, name_en, created_at, created_by
		FROM calendar_overrides ORDER BY date`)
	if err != nil {
		return nil, fmt.Errorf("calendar: list overrides: %w", err)
	}
	defer rows.Close()
	var out []Override
	for rows.Next() {
		var o Override
		var at int64
		if err := rows.Scan(&o.Date, &o.Workday, &o.Name, &o.NameEn, &at, &o.CreatedBy); err != nil {
			return nil, fmt.Errorf("calendar: list overrides: %w", err)
		}
		o.CreatedAt = store.Time(at)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("calendar: list overrides: %w", err)
	}
	return out, nil
}

// Load builds the calendar of the shipped schedule merged with the stored
// overrides (which win). loc nil means DefaultLocation.
func Load(ctx context.Context, q store.Querier, loc *time.Location) (*Calendar, error) {
	overrides, err := ListOverrides(ctx, q)
	if err != nil {
		return nil, err
	}
	entries := make([]Entry, len(overrides))
	for i, o := range overrides {
		entries[i] = o.Entry
	}
	c, err := New(loc, EmbeddedEntries(), entries)
	if err != nil {
		return nil, fmt.Errorf("calendar: a stored override is unreadable: %w", err)
	}
	return c, nil
}

// SetOverride makes date (YYYY-MM-DD) a working day or a day off named
// name (with no English name), replacing any earlier override of that
// date, and audits it as "calendar.override". Load the calendar again to
// see the change.
func SetOverride(ctx context.Context, db *store.DB, date string, workday bool, name string, actor audit.Actor) error {
	e := Entry{Date: date, Workday: workday, Name: name}
	if err := checkEntry(e); err != nil {
		return err
	}
	now := time.Now()
	return db.InTx(ctx, func(tx *store.Tx) error {
		if err := upsertOverride(ctx, tx, e, now, actorName(actor)); err != nil {
			return err
		}
		return actor.Record(ctx, tx, now, "calendar.override", "date:"+date, e.kind()+" "+name)
	})
}

// DeleteOverride removes the override of date, so the shipped schedule (or
// the plain week) applies again; ErrNotFound when there is none. Audited as
// "calendar.override.delete".
func DeleteOverride(ctx context.Context, db *store.DB, date string, actor audit.Actor) error {
	if _, msg := parseCivil(date); msg != "" {
		return invalid("%s", msg)
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		var workday bool
		var name string
		err := tx.QueryRowContext(ctx, `DELETE FROM calendar_overrides WHERE date = ? RETURNING workday, name`, date).
			Scan(&workday, &name)
		if err != nil {
			if isNoRows(err) {
				return fmt.Errorf("calendar: no override for %s: %w", date, ErrNotFound)
			}
			return fmt.Errorf("calendar: delete override %s: %w", date, err)
		}
		was := Entry{Workday: workday}.kind() + " " + name
		return actor.Record(ctx, tx, time.Now(), "calendar.override.delete", "date:"+date, "was "+was)
	})
}

// checkEntry validates an entry given outside a notice file.
func checkEntry(e Entry) error {
	v := &ValidationError{}
	if _, msg := parseCivil(e.Date); msg != "" {
		v.addp(coded(0, ProblemDate, []any{e.Date}, "%s", msg))
	}
	if p, bad := checkName("name", e.Name, maxName, true); bad {
		v.addp(p)
	}
	return v.orNil()
}

func upsertOverride(ctx context.Context, q store.Querier, e Entry, now time.Time, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_overrides (date, workday, name, name_en, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (date) DO UPDATE SET workday = excluded.workday, name = excluded.name,
			name_en = excluded.name_en, created_at = excluded.created_at, created_by = excluded.created_by`,
		e.Date, e.Workday, e.Name, e.NameEn, store.Millis(now), by)
	if err != nil {
		return fmt.Errorf("calendar: store override %s: %w", e.Date, err)
	}
	return nil
}

// actorName is what created_by records, matching the audit log.
func actorName(a audit.Actor) string {
	if a == (audit.Actor{}) {
		return audit.CommandLine
	}
	return a.Name
}
