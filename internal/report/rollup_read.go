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

// rollupTable is one of the rollup tables: all orders, or split by leaf
// category, by department (leading or co-handling, 协办), or by both.
type rollupTable struct {
	name                 string
	category, department bool // the table has the split's column
}

var (
	tableTotals             = rollupTable{"report_daily", false, false}
	tableCategory           = rollupTable{"report_daily_category", true, false}
	tableDepartment         = rollupTable{"report_daily_department", false, true}
	tableCategoryDepartment = rollupTable{"report_daily_category_department", true, true}
	rollupTables            = []rollupTable{tableTotals, tableCategory, tableDepartment, tableCategoryDepartment}
)

// rollupQuery is how the rollup answers p grouped by g: from which table
// and grain, and which column holds the group's code. ok is false when
// the rollup does not hold the answer (a grid node, a ranking of grids):
// then the orders table answers, which for a grid means one community's
// orders through orders_report_community.
type rollupQuery struct {
	table rollupTable
	grain string
	key   string // "" for one group
	ok    bool
}

// planRollup picks the table by the filters (a ranking of departments
// reads a department split) and the grain by the node, or by the units a
// ranking ranks.
func planRollup(p plan, g groupBy) rollupQuery {
	byCategory, byDepartment := len(p.categories) > 0, p.dept != ""
	if g == groupDepartment {
		if byDepartment {
			return rollupQuery{}
		}
		byDepartment = true
	}
	table := tableTotals
	switch {
	case byCategory && byDepartment:
		table = tableCategoryDepartment
	case byCategory:
		table = tableCategory
	case byDepartment:
		table = tableDepartment
	}
	grain, ok := nodeGrain(p.node)
	switch g {
	case groupNone:
		return rollupQuery{table, grain, "", ok}
	case groupDepartment:
		return rollupQuery{table, grain, "department_code", ok}
	case groupStreet:
		return rollupQuery{table, grainStreet, "node_code", len(p.node) == 6}
	case groupCommunity:
		return rollupQuery{table, grainCommunity, "node_code", len(p.node) == 9}
	}
	return rollupQuery{}
}

// nodeGrain is the grain of the rows that sum a node: a province's or
// city's are its districts'. A grid has none.
func nodeGrain(node string) (string, bool) {
	switch len(node) {
	case 2, 4, 6:
		return grainDistrict, true
	case 9:
		return grainStreet, true
	case 12:
		return grainCommunity, true
	}
	return "", false
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
	if rq.table.department && p.dept != "" {
		conds, args = append(conds, `department_code = ?`), append(args, p.dept)
	}
	if rq.table.category {
		// A class has rows of its own (rollup_classes.go).
		conds, args = append(conds, `category_code = ?`), append(args, p.category)
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

// rollupState is the row of report_rollup_state, and the catalogue's
// tree now.
type rollupState struct {
	watermark   int64 // ms; 0 = not built
	zoneOffset  int64 // seconds
	refreshedAt int64
	leaseUntil  int64
	tree        string // digest of the category tree the class rows follow
	treeNow     string // and of the catalogue's tree now
}

func readState(ctx context.Context, q store.Querier) (rollupState, error) {
	var s rollupState
	err := q.QueryRowContext(ctx, `SELECT watermark, zone_offset, refreshed_at, lease_until, category_tree FROM report_rollup_state WHERE id = 1`).
		Scan(&s.watermark, &s.zoneOffset, &s.refreshedAt, &s.leaseUntil, &s.tree)
	if err != nil {
		return s, fmt.Errorf("report: rollup state: %w", err)
	}
	if s.treeNow, err = currentTree(ctx, q); err != nil {
		return s, err
	}
	return s, nil
}

// usable reports whether the rollup may answer: built, for this zone and
// this category tree.
func (r *Reporter) usable(s rollupState) bool {
	return s.watermark > 0 && s.zoneOffset*1000 == r.offsetMs && s.tree == s.treeNow
}
