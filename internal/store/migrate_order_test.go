package store_test

import (
	"context"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Each engineer numbers migrations in an own range, so a release can bring
// a migration numbered below one a database already has (00140 after
// 00500). Migrate applies it instead of refusing to start.
func TestMigrateAppliesAMigrationNumberedBelowTheLatest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// As a database migrated before 00140 existed: 00500 applied, 00140 not.
		for _, q := range []string{`DROP TABLE rating_tokens`, `DROP TABLE track_misses`,
			`DELETE FROM goose_db_version WHERE version_id = 140`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate with a lower migration missing: %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM track_misses`).Scan(&n); err != nil {
			t.Fatalf("the missing migration was not applied: %v", err)
		}
	})
}
