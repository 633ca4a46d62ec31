package report

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// The rollup (report_daily*) holds the counters of every district, street
// and community per local day of receipt, also split by leaf category, by
// department (leading or co-handling) and by both, so a district's year is
// 365 rows instead of its orders, whatever the filter. Rows are exact as of the watermark in
// report_rollup_state: deadlines judged at it, nothing received after it.
//
// A refresh keeps them so by recomputing the rows of one district on one
// day (every row of a street or community lies in one district): they
// change when an order of the district received that day changes
// (orders.updated_at moves on every change to a column the measures
// read), or when such an order's provisional reply or resolution falls
// due unanswered between two refreshes (time alone moves it into ReplyDue
// / ResolveDue). By induction each row stays exact: a district-day not
// recomputed had no such event since it last was. The search looks
// back RefreshLag before the last watermark for transactions that
// committed late or nodes whose clock runs behind.
//
// Refresh finds the changed district-days without locks, then recomputes
// them in one transaction that first moves the watermark from the value
// it started from: if another node refreshed meanwhile the update matches
// no row and this refresh gives way (its changes are caught by the next
// one); on PostgreSQL the row lock makes a concurrent refresh wait for
// that answer. Rebuild recomputes every day under a lease, with the
// watermark at 0 so that queries count the orders table until it is done.

// RefreshResult says what a Refresh or Rebuild did.
type RefreshResult struct {
	Rebuilt bool          `json:"rebuilt"`
	Skipped bool          `json:"skipped"` // another node refreshed or is rebuilding
	Days    int           `json:"days"`    // district-days recomputed (days, for a rebuild)
	Rows    int64         `json:"rows"`    // rollup rows written
	AsOf    time.Time     `json:"as_of"`   // the new watermark
	Took    time.Duration `json:"took"`
}

// RollupStatus describes the rollup for an admin page.
type RollupStatus struct {
	Built       bool      `json:"built"`
	AsOf        time.Time `json:"as_of"`
	RefreshedAt time.Time `json:"refreshed_at"`
	Rebuilding  bool      `json:"rebuilding"`
}

// Rebuild leases last this long unless renewed (after each chunk).
const (
	rebuildLease     = 10 * time.Minute
	rebuildChunkDays = 14
)

// Status reports how far the rollup is built.
func (r *Reporter) Status(ctx context.Context) (RollupStatus, error) {
	st, err := readState(ctx, r.db)
	if err != nil {
		return RollupStatus{}, err
	}
	return RollupStatus{Built: r.usable(st), AsOf: store.Time(st.watermark), RefreshedAt: store.Time(st.refreshedAt),
		Rebuilding: st.leaseUntil > store.Millis(r.now())}, nil
}

// Refresh brings the rollup up to now, recomputing the district-days that
// changed since the last refresh; a rollup never built (or built for another
// zone) is rebuilt. Safe to run on several nodes at once.
func (r *Reporter) Refresh(ctx context.Context) (RefreshResult, error) {
	start := time.Now()
	st, err := readState(ctx, r.db)
	if err != nil {
		return RefreshResult{}, err
	}
	if !r.usable(st) {
		res, err := r.Rebuild(ctx)
		if errors.Is(err, ErrBusy) {
			return RefreshResult{Skipped: true}, nil
		}
		return res, err
	}
	asOf := store.Millis(r.now())
	if asOf <= st.watermark {
		return RefreshResult{Skipped: true, AsOf: store.Time(st.watermark)}, nil
	}
	keys, err := r.changed(ctx, st.watermark-r.refreshLag.Milliseconds(), asOf)
	if err != nil {
		return RefreshResult{}, err
	}
	res := RefreshResult{Days: len(keys), AsOf: store.Time(asOf)}
	err = r.db.InTx(ctx, func(tx *store.Tx) error {
		moved, err := tx.ExecContext(ctx, `UPDATE report_rollup_state SET watermark = ?, refreshed_at = ?
			WHERE id = 1 AND watermark = ?`, asOf, asOf, st.watermark)
		if err != nil {
			return err
		}
		if n, err := moved.RowsAffected(); err != nil || n == 0 {
			res.Skipped = true
			return err
		}
		res.Rows, err = r.recompute(ctx, tx, keys, asOf)
		return err
	})
	if err != nil {
		return RefreshResult{}, fmt.Errorf("report: refresh: %w", err)
	}
	if res.Skipped {
		return RefreshResult{Skipped: true}, nil
	}
	res.Took = time.Since(start)
	return res, nil
}

// Rebuild recomputes the whole rollup, in chunks of days, under a lease
// (ErrBusy while another node holds it). Queries count the orders table
// until it is done.
func (r *Reporter) Rebuild(ctx context.Context) (_ RefreshResult, err error) {
	start := time.Now()
	token, err := leaseToken()
	if err != nil {
		return RefreshResult{}, err
	}
	asOf := store.Millis(r.now())
	err = r.db.InTx(ctx, func(tx *store.Tx) error {
		took, err := tx.ExecContext(ctx, `UPDATE report_rollup_state SET watermark = 0, lease_token = ?, lease_until = ?
			WHERE id = 1 AND lease_until < ?`, token, asOf+rebuildLease.Milliseconds(), asOf)
		if err != nil {
			return err
		}
		if n, err := took.RowsAffected(); err != nil || n == 0 {
			return errors.Join(ErrBusy, err)
		}
		for _, t := range rollupTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return RefreshResult{}, fmt.Errorf("report: rebuild: %w", err)
	}
	defer func() {
		if err != nil { // let the next attempt go ahead at once
			_, _ = r.db.ExecContext(context.WithoutCancel(ctx), `UPDATE report_rollup_state SET lease_token = '', lease_until = 0
				WHERE id = 1 AND lease_token = ?`, token)
		}
	}()
	res := RefreshResult{Rebuilt: true, AsOf: store.Time(asOf)}
	tree, err := currentTree(ctx, r.db)
	if err != nil {
		return RefreshResult{}, fmt.Errorf("report: rebuild: %w", err)
	}
	var lo, hi int64
	if err := r.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(received_at), 0), COALESCE(MAX(received_at), -1)
		FROM orders WHERE received_at <= ?`, asOf).Scan(&lo, &hi); err != nil {
		return RefreshResult{}, fmt.Errorf("report: rebuild: %w", err)
	}
	for first := r.dayOf(lo); hi >= lo && first <= r.dayOf(hi); first += rebuildChunkDays {
		last := min(first+rebuildChunkDays-1, r.dayOf(hi))
		err := r.db.InTx(ctx, func(tx *store.Tx) error {
			if err := r.renewLease(ctx, tx, token); err != nil {
				return err
			}
			n, err := r.insertSums(ctx, tx, `received_at >= ? AND received_at < ?`, []any{r.dayStart(first), r.dayStart(last + 1)}, asOf)
			res.Rows += n
			return err
		})
		if err != nil {
			return RefreshResult{}, fmt.Errorf("report: rebuild: %w", err)
		}
		res.Days += int(last - first + 1)
	}
	err = r.db.InTx(ctx, func(tx *store.Tx) error {
		done, err := tx.ExecContext(ctx, `UPDATE report_rollup_state SET watermark = ?, zone_offset = ?, refreshed_at = ?,
			category_tree = ?, lease_token = '', lease_until = 0 WHERE id = 1 AND lease_token = ?`, asOf, r.offsetMs/1000, asOf, tree, token)
		if err != nil {
			return err
		}
		if n, err := done.RowsAffected(); err != nil || n == 0 {
			return errors.Join(ErrBusy, err)
		}
		return nil
	})
	if err != nil {
		return RefreshResult{}, fmt.Errorf("report: rebuild: %w", err)
	}
	// Every row is new: PostgreSQL's planner would guess its way through
	// them (picking the day index over the keys) until autovacuum got to
	// analyze them. SQLite plans these lookups by their keys alone.
	if r.db.Dialect() == store.Postgres {
		for _, t := range rollupTables {
			if _, err := r.db.ExecContext(ctx, `ANALYZE `+t.name); err != nil {
				return RefreshResult{}, fmt.Errorf("report: rebuild: analyze %s: %w", t.name, err)
			}
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

func (r *Reporter) renewLease(ctx context.Context, tx *store.Tx, token string) error {
	res, err := tx.ExecContext(ctx, `UPDATE report_rollup_state SET lease_until = ? WHERE id = 1 AND lease_token = ?`,
		store.Millis(r.now())+rebuildLease.Milliseconds(), token)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(ErrBusy, err)
	}
	return nil
}

func leaseToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
