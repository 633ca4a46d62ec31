package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// ImportResult says what an imported notice stored.
type ImportResult struct {
	Entries   int
	Off, Work int
	Years     []int // the years the notice lists days in, ascending
}

// ImportNotice stores a State Council notice (the format is described at
// ParseNotice) as overrides, in one transaction: every line is validated
// first, and on any problem nothing is stored and the *ValidationError
// names the lines. A date already overridden is replaced; other overrides
// stay. Audited once as "calendar.import". Load the calendar again to see
// the change.
func ImportNotice(ctx context.Context, db *store.DB, r io.Reader, actor audit.Actor) (ImportResult, error) {
	entries, err := ParseNotice(r)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	for _, e := range entries {
		res.Entries++
		if e.Workday {
			res.Work++
		} else {
			res.Off++
		}
		if y := yearOf(e.Date); !slices.Contains(res.Years, y) {
			res.Years = append(res.Years, y)
		}
	}
	slices.Sort(res.Years)
	now := time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for _, e := range entries {
			if err := upsertOverride(ctx, tx, e, now, actorName(actor)); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%d days (%d off, %d work)", res.Entries, res.Off, res.Work)
		return actor.Record(ctx, tx, now, "calendar.import", "year:"+joinYears(res.Years), detail)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func yearOf(date string) int {
	d, _ := parseCivil(date) // entries are validated
	return d.y
}

func joinYears(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprint(y)
	}
	return strings.Join(parts, ",")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
