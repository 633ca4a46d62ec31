package facility

import (
	"context"
	"strings"

	"civicgrid/internal/store"
)

// At returns the id of a facility of the kind (code or name) standing at
// the point (to a millionth of a degree, about 0.1 m), 0 when there is
// none: the natural key of a ledger line without a facility code.
func At(ctx context.Context, q store.Querier, kind string, lng, lat float64) (int64, error) {
	k, ok := KindOf(strings.TrimSpace(kind))
	if !ok {
		return 0, invalid("kind %q: give a facility sub-kind's code or name (e.g. 0109 or 路灯) — 部件小类不存在", kind)
	}
	const eps = 5e-7
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM facilities WHERE kind = ? AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id LIMIT 1`,
		k.Code, lng-eps, lng+eps, lat-eps, lat+eps).Scan(&id)
	if store.IsNoRows(err) {
		return 0, nil
	}
	return id, err
}
