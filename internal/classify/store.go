package classify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"time"

	"civicgrid/internal/store"
)

// TargetCategory is the target of the category model.
const TargetCategory = "category"

// historyQuery selects what the category model learns from: every order
// whose category staff confirmed (filed or changed since) and that was not
// cancelled or merged, grouped by category.
const historyQuery = `SELECT description, category_code FROM orders
	WHERE status NOT IN ('cancelled', 'merged') AND description <> ''
	ORDER BY category_code, id`

// historySource streams the history twice (Train reads it twice).
func historySource(ctx context.Context, db *store.DB) Source {
	return func(yield func(Doc) error) error {
		rows, err := db.QueryContext(ctx, historyQuery)
		if err != nil {
			return fmt.Errorf("classify: read history: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var d Doc
			if err := rows.Scan(&d.Text, &d.Class); err != nil {
				return err
			}
			if err := yield(d); err != nil {
				return err
			}
		}
		return rows.Err()
	}
}

// History loads the whole history into memory (for evaluation).
func History(ctx context.Context, db *store.DB) ([]Doc, error) {
	var docs []Doc
	err := historySource(ctx, db)(func(d Doc) error { docs = append(docs, d); return nil })
	return docs, err
}

// Info describes a stored model.
type Info struct {
	Version   int
	TrainedAt time.Time
	Orders    int
	Classes   int
	TrainTime time.Duration
}

// TrainStore trains the category model on db's history and stores it as
// the next version. With too little history it stores nothing and returns
// ErrTooFew.
func TrainStore(ctx context.Context, db *store.DB, now time.Time) (Info, error) {
	start := time.Now()
	m, err := Train(historySource(ctx, db))
	if err != nil {
		return Info{}, err
	}
	took := time.Since(start)
	data, err := m.Encode()
	if err != nil {
		return Info{}, err
	}
	runtime.GC()
	info := Info{TrainedAt: now, Orders: m.Docs, Classes: len(m.Classes), TrainTime: took}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM classify_models WHERE target = ?`,
			TargetCategory).Scan(&info.Version); err != nil {
			return err
		}
		// Older versions beyond the last few are dropped: they are large
		// and nothing reads them.
		if _, err := tx.ExecContext(ctx, `DELETE FROM classify_models WHERE target = ? AND version < ?`,
			TargetCategory, info.Version-3); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO classify_models (target, version, trained_at, orders, classes, train_ms, model)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, TargetCategory, info.Version, store.Millis(now), info.Orders, info.Classes,
			took.Milliseconds(), data)
		return err
	})
	if store.IsUniqueViolation(err) {
		return Info{}, fmt.Errorf("classify: another node stored version %d at the same time; try again", info.Version)
	}
	if err != nil {
		return Info{}, fmt.Errorf("classify: store model: %w", err)
	}
	return info, nil
}

// LatestInfo describes the newest stored model; ok is false when none.
func LatestInfo(ctx context.Context, q store.Querier) (Info, bool, error) {
	var info Info
	var at, ms int64
	err := q.QueryRowContext(ctx, `SELECT version, trained_at, orders, classes, train_ms FROM classify_models
		WHERE target = ? ORDER BY version DESC LIMIT 1`, TargetCategory).Scan(&info.Version, &at, &info.Orders, &info.Classes, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return Info{}, false, nil
	}
	if err != nil {
		return Info{}, false, fmt.Errorf("classify: latest model: %w", err)
	}
	info.TrainedAt, info.TrainTime = store.Time(at), time.Duration(ms)*time.Millisecond
	return info, true, nil
}

// loadVersion reads and decodes one stored model.
func loadVersion(ctx context.Context, q store.Querier, version int) (*Model, error) {
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT model FROM classify_models WHERE target = ? AND version = ?`,
		TargetCategory, version).Scan(&data)
	if err != nil {
		return nil, fmt.Errorf("classify: load model %d: %w", version, err)
	}
	return Decode(data)
}

// historySize is how many orders the model would learn from now.
func historySize(ctx context.Context, q store.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE status NOT IN ('cancelled', 'merged') AND description <> ''`).Scan(&n)
	return n, err
}
