package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"civicgrid/internal/store"
)

// The category splits of the rollup hold a row for an order's category
// and one for every class above it, so any category filter — a leaf or
// a class standing for its subtree — reads the rows of one code. The
// class rows follow the catalogue's tree as it was when they were summed;
// categoryTree digests it, and a rollup built for another tree is not
// used (Refresh rebuilds it).

// categoryLinks are the catalogue's child → parent links.
func categoryLinks(ctx context.Context, q store.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, COALESCE(parent_code, '') FROM categories`)
	if err != nil {
		return nil, fmt.Errorf("report: categories: %w", err)
	}
	defer rows.Close()
	parent := map[string]string{}
	for rows.Next() {
		var c, p string
		if err := rows.Scan(&c, &p); err != nil {
			return nil, err
		}
		parent[c] = p
	}
	return parent, rows.Err()
}

// treeDigest is a digest of the links, the same for the same tree.
func treeDigest(parent map[string]string) string {
	codes := make([]string, 0, len(parent))
	for c := range parent {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	h := sha256.New()
	for _, c := range codes {
		fmt.Fprintf(h, "%s>%s\n", c, parent[c])
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// currentTree is the digest of the catalogue's tree now.
func currentTree(ctx context.Context, q store.Querier) (string, error) {
	parent, err := categoryLinks(ctx, q)
	if err != nil {
		return "", err
	}
	return treeDigest(parent), nil
}

// classTable is the temporary table (per connection) of every category's
// classes: (code, class) for each class strictly above code.
const classTable = `report_classes`

// fillClasses writes the classes of every category into classTable and
// returns the digest of the tree they come from.
func fillClasses(ctx context.Context, tx *store.Tx) (string, error) {
	parent, err := categoryLinks(ctx, tx)
	if err != nil {
		return "", err
	}
	empty := `DELETE FROM ` + classTable
	if tx.Dialect() == store.Postgres {
		empty = `TRUNCATE ` + classTable
	}
	for _, q := range []string{`CREATE TEMP TABLE IF NOT EXISTS ` + classTable + ` (code TEXT NOT NULL, class TEXT NOT NULL)`, empty} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("report: class table: %w", err)
		}
	}
	var marks []string
	var args []any
	for code := range parent {
		seen := map[string]bool{code: true}
		for up := parent[code]; up != "" && !seen[up]; up = parent[up] {
			seen[up] = true // a cycle (never made by internal/category) ends the climb
			marks, args = append(marks, `(?, ?)`), append(args, code, up)
		}
	}
	const perInsert = 400 // pairs: well under either store's parameter limit
	for len(marks) > 0 {
		n := min(perInsert, len(marks))
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+classTable+` (code, class) VALUES `+strings.Join(marks[:n], `, `), args[:2*n]...); err != nil {
			return "", fmt.Errorf("report: class table: %w", err)
		}
		marks, args = marks[n:], args[2*n:]
	}
	return treeDigest(parent), nil
}

// fineWithClasses is the fine table with each row once more for every
// class above its category (category_code then names the class), what
// the category splits sum.
func fineWithClasses() string {
	cols := make([]string, len(counters))
	for i, c := range counters {
		cols[i] = `f.` + c.column
	}
	return `(SELECT * FROM ` + fineTable + ` UNION ALL
		SELECT f.day, f.district_code, f.street_code, f.community_code, c.class, f.department_code, f.co, ` + strings.Join(cols, `, `) + `
		FROM ` + fineTable + ` f JOIN ` + classTable + ` c ON c.code = f.category_code) fc`
}
