package grid

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/geo"
	"civicgrid/internal/store"
)

// ImportAs is Import by an actor: when the import changes anything it
// appends a "grid.import" entry to the audit log in the same transaction,
// naming the communities and the codes added and updated. Dry runs and
// imports that change nothing leave no entry.
func ImportAs(ctx context.Context, db *store.DB, features []geo.GridFeature, opts ImportOptions, actor audit.Actor) (ImportReport, error) {
	return importWith(ctx, db, features, opts, func(ctx context.Context, tx *store.Tx, now time.Time, rep ImportReport) error {
		if len(rep.Added)+len(rep.Updated) == 0 {
			return nil
		}
		return actor.Record(ctx, tx, now, "grid.import", importTarget(features), importDetail(rep))
	})
}

// importTarget is "community:CODE[,CODE…]" for the communities imported.
func importTarget(features []geo.GridFeature) string {
	var codes []string
	for _, f := range features {
		codes = append(codes, f.CommunityCode)
	}
	slices.Sort(codes)
	return "community:" + strings.Join(slices.Compact(codes), ",")
}

func importDetail(rep ImportReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d added, %d updated, %d unchanged", len(rep.Added), len(rep.Updated), len(rep.Unchanged))
	if len(rep.Added) > 0 {
		b.WriteString("; added " + strings.Join(rep.Added, " "))
	}
	if len(rep.Updated) > 0 {
		b.WriteString("; updated " + strings.Join(rep.Updated, " "))
	}
	return b.String()
}
