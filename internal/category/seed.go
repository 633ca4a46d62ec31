package category

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// Seed adds the built-in catalogue (SeedCatalogue) to db, skipping every
// code that already exists, so it is safe to run on every start and never
// undoes an admin's edit. It returns how many categories it added. Routes
// to departments are not checked here: the catalogue may be seeded before
// the departments are created.
func Seed(ctx context.Context, db *store.DB) (added int, err error) {
	now := time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		added = 0
		for _, c := range SeedCatalogue() {
			c, err := normalize(c)
			if err != nil {
				return fmt.Errorf("category: seed %s: %w", c.Code, err)
			}
			n, err := insert(ctx, tx, c, now, ` ON CONFLICT (code) DO NOTHING`)
			if err != nil {
				return err
			}
			added += int(n)
		}
		if added == 0 {
			return nil
		}
		return audit.Actor{}.Record(ctx, tx, now, "category.seed", "category:*", fmt.Sprintf("added %d built-in categories", added))
	})
	return added, err
}
