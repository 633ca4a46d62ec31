package orgunit

import (
	"context"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Existing checks in as Create would and returns the id of the unit it
// names already — by credit code, or for a unit without one by its name at
// its standard address — or 0 (for the ledger import's natural keys).
func (s *Service) Existing(ctx context.Context, q store.Querier, ed grid.Editor, in Input) (int64, error) {
	c, err := s.check(ctx, q, ed, in)
	if err != nil {
		return 0, err
	}
	var id int64
	if c.CreditCode != "" {
		err = q.QueryRowContext(ctx, `SELECT id FROM org_units WHERE credit_code = ? ORDER BY id LIMIT 1`, c.CreditCode).Scan(&id)
	} else {
		err = q.QueryRowContext(ctx, `SELECT id FROM org_units WHERE credit_code IS NULL AND name = ? AND address_id = ? ORDER BY id LIMIT 1`,
			c.Name, c.addr.ID).Scan(&id)
	}
	if store.IsNoRows(err) {
		return 0, nil
	}
	return id, err
}

// KindOf accepts a kind's code or its Chinese name.
func KindOf(s string) (string, bool) {
	for _, k := range Kinds {
		if s == k || s == KindNames[k] {
			return k, true
		}
	}
	return "", false
}

// StateOf accepts a state's code or its Chinese name.
func StateOf(s string) (string, bool) {
	for _, st := range States {
		if s == st || s == StateNames[st] {
			return st, true
		}
	}
	return "", false
}

// IDByCreditCode returns the id of the unit in the scope holding a credit
// code, 0 when there is none there.
func IDByCreditCode(ctx context.Context, q store.Querier, scope auth.Scope, code string) (int64, error) {
	c, err := ParseCreditCode(code)
	if err != nil {
		return 0, err
	}
	var id int64
	var gridCode string
	err = q.QueryRowContext(ctx, `SELECT id, grid_code FROM org_units WHERE credit_code = ? ORDER BY id LIMIT 1`, c).Scan(&id, &gridCode)
	if store.IsNoRows(err) || (err == nil && !scope.CoversRegion(gridCode)) {
		return 0, nil
	}
	return id, err
}
