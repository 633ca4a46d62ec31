package report

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// Grains of the rollup: the level of region node a row sums.
const (
	grainDistrict  = "district"
	grainStreet    = "street"
	grainCommunity = "community"
)

// rollupTable is one of the three rollup tables: all orders, or split by
// leaf category, or by lead department. dim is the column of the split.
type rollupTable struct {
	name string
	dim  string
}

var (
	tableTotals     = rollupTable{"report_daily", ""}
	tableCategory   = rollupTable{"report_daily_category", "category_code"}
	tableDepartment = rollupTable{"report_daily_department", "department_code"}
	rollupTables    = []rollupTable{tableTotals, tableCategory, tableDepartment}
)

// rollupQuery is how the rollup answers p grouped by g: from which table
// and grain, and which column holds the group's code. ok is false when
// the rollup does not hold the answer (a grid, a community split by
// category or department, a category and a department at once): then the
// orders table answers.
type rollupQuery struct {
	table rollupTable
	grain string
	key   string // "" for one group
	ok    bool
}

func planRollup(p plan, g groupBy) rollupQuery {
	byCategory, byDepartment := len(p.categories) > 0, p.dept != ""
	table := tableTotals
	switch {
	case byCategory && byDepartment:
		return rollupQuery{}
	case byCategory:
		table = tableCategory
	case byDepartment:
		table = tableDepartment
	}
	split := table != tableTotals
	switch g {
	case groupNone:
		switch len(p.node) {
		case 2, 4, 6:
			return rollupQuery{table, grainDistrict, "", true}
		case 9:
			return rollupQuery{table, grainStreet, "", true}
		case 12:
			return rollupQuery{table, grainCommunity, "", !split}
		}
	case groupStreet:
		return rollupQuery{table, grainStreet, "node_code", len(p.node) == 6}
	case groupCommunity:
		return rollupQuery{table, grainCommunity, "node_code", len(p.node) == 9 && !split}
	case groupDepartment:
		if split {
			return rollupQuery{}
		}
		switch len(p.node) {
		case 2, 4, 6:
			return rollupQuery{tableDepartment, grainDistrict, "department_code", true}
		case 9:
			return rollupQuery{tableDepartment, grainStreet, "department_code", true}
		}
	}
	return rollupQuery{}
}

// rollupCounts sums the rollup rows of days first..last for p, keyed like
// directCounts.
func (r *Reporter) rollupCounts(ctx context.Context, p plan, rq rollupQuery, first, last int64) (map[string]Counts, error) {
	conds := []string{`grain = ?`}
	args := []any{rq.grain}
	// A node's own rows, or (for a ranking) the rows of the nodes under it.
	if len(p.node) < 6 || rq.key == "node_code" {
		c, a := prefixCond("node_code", p.node)
		conds, args = append(conds, c), append(args, a...)
	} else {
		conds, args = append(conds, `node_code = ?`), append(args, p.node)
	}
	switch {
	case rq.table == tableCategory:
		conds = append(conds, `category_code IN (`+marks(len(p.categories))+`)`)
		for _, c := range p.categories {
			args = append(args, c)
		}
	case rq.table == tableDepartment && p.dept != "":
		conds, args = append(conds, `department_code = ?`), append(args, p.dept)
	}
	conds, args = append(conds, `day >= ? AND day <= ?`), append(args, first, last)
	key := `''`
	if rq.key != "" {
		key = rq.key
	}
	query := `SELECT ` + key + `, ` + sumSQL() + ` FROM ` + rq.table.name + ` WHERE ` + strings.Join(conds, ` AND `)
	if rq.key != "" {
		query += ` GROUP BY ` + rq.key
	}
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("report: read rollup: %w", err)
	}
	defer rows.Close()
	out := map[string]Counts{}
	for rows.Next() {
		var code string
		var c Counts
		dest := []any{&code}
		for _, f := range c.fields() {
			dest = append(dest, f)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("report: read rollup: %w", err)
		}
		out[code] = c
	}
	return out, rows.Err()
}

// rollupState is the row of report_rollup_state.
type rollupState struct {
	watermark   int64 // ms; 0 = not built
	zoneOffset  int64 // seconds
	refreshedAt int64
	leaseUntil  int64
}

func readState(ctx context.Context, q store.Querier) (rollupState, error) {
	var s rollupState
	err := q.QueryRowContext(ctx, `SELECT watermark, zone_offset, refreshed_at, lease_until FROM report_rollup_state WHERE id = 1`).
		Scan(&s.watermark, &s.zoneOffset, &s.refreshedAt, &s.leaseUntil)
	if err != nil {
		return s, fmt.Errorf("report: rollup state: %w", err)
	}
	return s, nil
}

// usable reports whether the rollup may answer: built, for this zone.
func (r *Reporter) usable(s rollupState) bool {
	return s.watermark > 0 && s.zoneOffset*1000 == r.offsetMs
}
