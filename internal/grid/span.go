package grid

import (
	"context"
	"fmt"

	"civicgrid/internal/store"
)

// CodeSpan returns the first and last grid codes on file ("" when there is
// none); their common prefix is the prefix of every grid, which tells the
// region a deployment serves.
func CodeSpan(ctx context.Context, q store.Querier) (first, last string, err error) {
	err = q.QueryRowContext(ctx, `SELECT COALESCE(MIN(code), ''), COALESCE(MAX(code), '') FROM grids`).Scan(&first, &last)
	if err != nil {
		return "", "", fmt.Errorf("grid: code span: %w", err)
	}
	return first, last, nil
}
