package party

import (
	"context"
	"time"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// credit writes minutes of service to the hours ledger, once per source
// and reference: a second credit of the same task, wish or service record
// changes nothing.
func credit(ctx context.Context, tx *store.Tx, memberID int64, community, source string, ref int64, minutes int, at time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_hours WHERE source = ? AND ref_id = ? AND member_id = ?`,
		source, ref, memberID).Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO party_hours (member_id, community_code, source, ref_id, minutes, credited_at) VALUES (?, ?, ?, ?, ?, ?)`,
		memberID, community, source, ref, minutes, store.Millis(at))
	return err
}

func maskName(name string) string { return pii.MaskName(name) }
