package store_test

import (
	"context"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestMigrateAppliesAMergedLowerMigration: a store that ran a higher
// migration before a lower one was merged (another team's number range)
// gets the lower one on its next start instead of refusing to start.
func TestMigrateAppliesAMergedLowerMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// As if 00201 had not existed when this store last migrated.
		for _, q := range []string{`DROP INDEX addresses_unit`, `DELETE FROM goose_db_version WHERE version_id = 201`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate with a lower migration pending: %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM goose_db_version WHERE version_id = 201`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("00201 applied %d times, %v", n, err)
		}
	})
}
