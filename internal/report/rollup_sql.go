package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"civicgrid/internal/store"
)

// dayExpr is the local day of received_at, in SQL.
func (r *Reporter) dayExpr() string {
	return `(received_at + ` + strconv.FormatInt(r.offsetMs, 10) + `) / ` + strconv.Itoa(dayMs)
}

// districtDay is the unit a refresh recomputes: the rollup rows of one
// district (and of its streets and communities) for one day.
type districtDay struct {
	day      int64
	district string
}

// changed lists the district-days whose rows may have changed after since
// up to asOf: an order of the district received on the day changed, or
// its reply or resolution fell due unanswered (the predicates match the
// indexes orders_updated, orders_report_unreplied and orders_status).
func (r *Reporter) changed(ctx context.Context, since, asOf int64) ([]districtDay, error) {
	day := r.dayExpr()
	rows, err := r.db.QueryContext(ctx, `SELECT `+day+`, district_code FROM orders WHERE updated_at > ?
		UNION SELECT `+day+`, district_code FROM orders WHERE replied_at = 0 AND reply_due_at > ? AND reply_due_at <= ?
		UNION SELECT `+day+`, district_code FROM orders WHERE `+open+` AND resolve_due_at > ? AND resolve_due_at <= ?`,
		since, since, asOf, since, asOf)
	if err != nil {
		return nil, fmt.Errorf("report: changed days: %w", err)
	}
	defer rows.Close()
	var out []districtDay
	for rows.Next() {
		var k districtDay
		if err := rows.Scan(&k.day, &k.district); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].day < out[j].day || out[i].day == out[j].day && out[i].district < out[j].district
	})
	return out, rows.Err()
}

// recompute replaces the rollup rows of keys, in batches: delete them (a
// district's rows and its streets' and communities' share its code
// prefix), then sum the orders again.
func (r *Reporter) recompute(ctx context.Context, tx *store.Tx, keys []districtDay, asOf int64) (int64, error) {
	const perBatch = 50
	var written int64
	for len(keys) > 0 {
		batch := keys[:min(perBatch, len(keys))]
		keys = keys[len(batch):]
		rollupConds := make([]string, len(batch))
		orderConds := make([]string, len(batch))
		var rollupArgs, orderArgs []any
		for i, k := range batch {
			node, nargs := prefixCond("node_code", k.district)
			rollupConds[i] = `(day = ? AND ` + node + `)`
			rollupArgs = append(append(rollupArgs, k.day), nargs...)
			orderConds[i] = `(received_at >= ? AND received_at < ? AND district_code = ?)`
			orderArgs = append(orderArgs, r.dayStart(k.day), r.dayStart(k.day+1), k.district)
		}
		for _, t := range rollupTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE `+strings.Join(rollupConds, ` OR `), rollupArgs...); err != nil {
				return 0, err
			}
		}
		n, err := r.insertSums(ctx, tx, `(`+strings.Join(orderConds, ` OR `)+`)`, orderArgs, asOf)
		if err != nil {
			return 0, err
		}
		written += n
	}
	return written, nil
}

// The rollup rows are sums of one GROUP BY of the orders by day, place,
// category and lead department, kept in a temporary table (per
// connection) so the orders are read once, not once per grouping.
const fineTable = `report_fine`

// co is 1 on the rows crediting a co-handling department (协办) with its
// orders: they count in the department table only, not again in the
// totals and category tables.
var fineColumns = `day BIGINT NOT NULL, district_code TEXT NOT NULL, street_code TEXT NOT NULL,
	community_code TEXT NOT NULL, category_code TEXT NOT NULL, department_code TEXT NOT NULL, co INTEGER NOT NULL`

// grouping is one set of rollup rows: the fine groups summed by a node
// column (and the split's columns) per day.
type grouping struct {
	table rollupTable
	grain string
	node  string // column of the node's code
}

// groupings are the rows of every table at every grain.
var groupings = func() []grouping {
	var out []grouping
	for _, t := range rollupTables {
		for _, g := range [][2]string{{grainDistrict, "district_code"}, {grainStreet, "street_code"}, {grainCommunity, "community_code"}} {
			out = append(out, grouping{t, g[0], g[1]})
		}
	}
	return out
}()

// splits are the table's split columns, as named in the fine table and
// in the rollup table alike.
func (t rollupTable) splits() []string {
	var out []string
	if t.category {
		out = append(out, "category_code")
	}
	if t.department {
		out = append(out, "department_code")
	}
	return out
}

// where says which fine groups a table sums: a department split counts
// the orders a department leads or co-handles; the others count each
// order once (not its co-handling rows).
func (t rollupTable) where() string {
	if t.department {
		return ` WHERE department_code <> ''`
	}
	return ` WHERE co = 0`
}

// insertSums writes the rollup rows of the orders matching where (ranges
// of received_at) and received no later than asOf, counted as of asOf:
// one GROUP BY over the orders into the fine table, then one INSERT …
// SELECT … GROUP BY of it per grouping, so the sums never leave the
// database. It returns the rollup rows written.
func (r *Reporter) insertSums(ctx context.Context, tx *store.Tx, where string, whereArgs []any, asOf int64) (int64, error) {
	var cols []string
	for _, c := range counters {
		cols = append(cols, c.column+` BIGINT NOT NULL`)
	}
	empty := `DELETE FROM ` + fineTable
	if tx.Dialect() == store.Postgres {
		empty = `TRUNCATE ` + fineTable
	}
	for _, q := range []string{`CREATE TEMP TABLE IF NOT EXISTS ` + fineTable + ` (` + fineColumns + `, ` + strings.Join(cols, `, `) + `)`, empty} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("report: fine table: %w", err)
		}
	}
	counts, args := countSQL(asOf)
	args = append(append(args, whereArgs...), asOf)
	_, err := tx.ExecContext(ctx, `INSERT INTO `+fineTable+` SELECT `+r.dayExpr()+`, district_code, street_code, community_code,
		category_code, CASE WHEN handler_level = 'department' THEN handler_code ELSE '' END, 0, `+counts+`
		FROM orders WHERE `+where+` AND received_at <= ? GROUP BY 1, 2, 3, 4, 5, 6`, args...)
	if err != nil {
		return 0, fmt.Errorf("report: count orders: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO `+fineTable+` SELECT `+r.dayExpr()+`, district_code, street_code, community_code,
		category_code, ch.co_dept, 1, `+counts+`
		FROM orders JOIN `+coHandlers+` ON ch.co_order = orders.id WHERE `+where+` AND received_at <= ? GROUP BY 1, 2, 3, 4, 5, 6`, args...)
	if err != nil {
		return 0, fmt.Errorf("report: count co-handled orders: %w", err)
	}
	if _, err := fillClasses(ctx, tx); err != nil {
		return 0, err
	}
	var written int64
	for _, g := range groupings {
		split := strings.Join(append(g.table.splits(), "day"), ", ")
		from := fineTable
		if g.table.category {
			from = fineWithClasses()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO `+g.table.name+` (grain, node_code, `+split+`, `+columnList()+`)
			SELECT ?, `+g.node+`, `+split+`, `+sumSQL()+` FROM `+from+g.table.where()+` GROUP BY `+g.node+`, `+split, g.grain)
		if err != nil {
			return 0, fmt.Errorf("report: sum into %s by %s: %w", g.table.name, g.grain, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		written += n
	}
	return written, nil
}
