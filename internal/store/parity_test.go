package store_test

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The two migration sets are written by hand; these tests keep them one
// schema (docs/design.md §7).

func TestMigrationFoldersHoldTheSameFiles(t *testing.T) {
	lite, pg := migrationFiles(t, "sqlite"), migrationFiles(t, "postgres")
	if !slices.Equal(lite, pg) {
		t.Errorf("migration files differ:\n only sqlite: %v\n only postgres: %v", minus(lite, pg), minus(pg, lite))
	}
}

func TestMigrationsNeverEditTheSchemaTable(t *testing.T) {
	for _, name := range migrationFiles(t, "sqlite") {
		b, err := os.ReadFile("migrations/sqlite/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(b)), "writable_schema") {
			t.Errorf("%s edits sqlite_schema; rebuild the table instead (SQLite ALTER TABLE §7, 12 steps)", name)
		}
	}
}

func TestMigratedSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite := describeSQLite(t, ctx, storetest.SQLite(t))
	pg := describePostgres(t, ctx, storetest.Postgres(t))
	acting := 0 // foreign keys with an ON DELETE action, to show the action is read
	for _, f := range lite.fks {
		if !strings.HasSuffix(f, "no action") {
			acting++
		}
	}
	t.Logf("compared %d tables, %d columns, %d indexes, %d foreign keys (%d with an ON DELETE action)",
		len(lite.tables), len(lite.columns), len(lite.indexes), len(lite.fks), acting)
	for _, d := range []struct {
		what      string
		lite, pgs []string
	}{
		{"tables", lite.tables, pg.tables},
		{"columns (table.column null/not null default)", lite.columns, pg.columns},
		{"indexes (table unique? columns, partial?)", lite.indexes, pg.indexes},
		{"foreign keys (with their ON DELETE)", lite.fks, pg.fks},
	} {
		if !slices.Equal(d.lite, d.pgs) {
			t.Errorf("%s differ:\n only sqlite:   %q\n only postgres: %q", d.what, minus(d.lite, d.pgs), minus(d.pgs, d.lite))
		}
	}
}

// schema is a store's shape as sorted lines that compare across dialects.
type schema struct{ tables, columns, indexes, fks []string }

func (s *schema) sort() {
	for _, l := range [][]string{s.tables, s.columns, s.indexes, s.fks} {
		slices.Sort(l)
	}
}

const gooseTable = "goose_db_version"

func describeSQLite(t *testing.T, ctx context.Context, db *store.DB) schema {
	t.Helper()
	var s schema
	tables := strings1(t, ctx, db, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> ?`, gooseTable)
	s.tables = tables
	for _, tb := range tables {
		rows(t, ctx, db, `SELECT name, "notnull", COALESCE(dflt_value, ''), pk FROM pragma_table_info(?)`,
			func(sc func(...any) error) {
				var name, def string
				var notNull, pkPos int
				must(t, sc(&name, &notNull, &def, &pkPos))
				if pkPos > 0 {
					notNull = 1 // PostgreSQL makes every key column NOT NULL
				}
				s.columns = append(s.columns, column(tb, name, notNull == 1, def))
			}, tb)
		type idx struct {
			name    string
			unique  bool
			partial bool
		}
		var idxs []idx
		rows(t, ctx, db, `SELECT name, "unique", partial FROM pragma_index_list(?) WHERE origin <> 'pk'`,
			func(sc func(...any) error) {
				var i idx
				must(t, sc(&i.name, &i.unique, &i.partial))
				idxs = append(idxs, i)
			}, tb)
		for _, i := range idxs {
			cols := strings1(t, ctx, db, `SELECT COALESCE(name, '(expr)') FROM pragma_index_info(?) ORDER BY seqno`, i.name)
			s.indexes = append(s.indexes, index(tb, i.unique, cols, i.partial))
		}
		fks := map[int]*fk{}
		var order []int
		rows(t, ctx, db, `SELECT id, "table", "from", COALESCE("to", ''), on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`,
			func(sc func(...any) error) {
				var id int
				var parent, from, to, onDelete string
				must(t, sc(&id, &parent, &from, &to, &onDelete))
				f := fks[id]
				if f == nil {
					f = &fk{table: tb, parent: parent, onDelete: strings.ToLower(onDelete)}
					fks[id] = f
					order = append(order, id)
				}
				f.from = append(f.from, from)
				f.to = append(f.to, to)
			}, tb)
		for _, id := range order {
			f := fks[id]
			if f.to[0] == "" { // REFERENCES parent: its primary key
				f.to = strings1(t, ctx, db, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, f.parent)
			}
			s.fks = append(s.fks, f.String())
		}
	}
	s.sort()
	return s
}

func describePostgres(t *testing.T, ctx context.Context, db *store.DB) schema {
	t.Helper()
	var s schema
	s.tables = strings1(t, ctx, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> ?`, gooseTable)
	rows(t, ctx, db, `SELECT table_name, column_name, is_nullable, COALESCE(column_default, '')
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> ?`,
		func(sc func(...any) error) {
			var tb, name, nullable, def string
			must(t, sc(&tb, &name, &nullable, &def))
			s.columns = append(s.columns, column(tb, name, nullable == "NO", def))
		}, gooseTable)
	rows(t, ctx, db, `SELECT c.relname, x.indisunique, x.indpred IS NOT NULL,
			array_to_string(ARRAY(SELECT COALESCE(a.attname, '(expr)')
				FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
				ORDER BY k.n), ',')
		FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE ns.nspname = current_schema() AND NOT x.indisprimary AND c.relname <> ?`,
		func(sc func(...any) error) {
			var tb, cols string
			var unique, partial bool
			must(t, sc(&tb, &unique, &partial, &cols))
			s.indexes = append(s.indexes, index(tb, unique, strings.Split(cols, ","), partial))
		}, gooseTable)
	rows(t, ctx, db, `SELECT c.relname, p.relname, CASE k.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null'
				WHEN 'd' THEN 'set default' WHEN 'r' THEN 'restrict' ELSE 'no action' END,
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i)
				JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i), ','),
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i)
				JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i), ',')
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
		JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE k.contype = 'f' AND ns.nspname = current_schema()`,
		func(sc func(...any) error) {
			var f fk
			var from, to string
			must(t, sc(&f.table, &f.parent, &f.onDelete, &from, &to))
			f.from, f.to = strings.Split(from, ","), strings.Split(to, ",")
			s.fks = append(s.fks, f.String())
		})
	s.sort()
	return s
}

type fk struct {
	table, parent, onDelete string
	from, to                []string
}

func (f fk) String() string {
	return f.table + "(" + strings.Join(f.from, ",") + ") → " + f.parent + "(" + strings.Join(f.to, ",") + ") on delete " + f.onDelete
}

func column(table, name string, notNull bool, def string) string {
	null := "null"
	if notNull {
		null = "not null"
	}
	return table + "." + name + " " + null + " default " + normalizeDefault(def)
}

func index(table string, unique bool, cols []string, partial bool) string {
	s := table + " "
	if unique {
		s += "unique "
	}
	s += "(" + strings.Join(cols, ",") + ")"
	if partial {
		s += " partial"
	}
	return s
}

var (
	pgCast     = regexp.MustCompile(`::[a-z ]+(\[\])?`)
	serialNext = regexp.MustCompile(`^nextval\(.*\)$`)
)

// normalizeDefault writes a default the same way for both dialects:
// PostgreSQL's casts ('x'::text), parentheses and quotes around numbers go,
// and a serial's nextval(…) stands for what SQLite's INTEGER PRIMARY KEY
// does without a default.
func normalizeDefault(d string) string {
	d = strings.TrimSpace(strings.ToLower(d))
	d = pgCast.ReplaceAllString(d, "")
	for len(d) > 1 && d[0] == '(' && d[len(d)-1] == ')' {
		d = strings.TrimSpace(d[1 : len(d)-1])
	}
	if serialNext.MatchString(d) {
		return ""
	}
	if len(d) > 1 && d[0] == '\'' && d[len(d)-1] == '\'' {
		inner := d[1 : len(d)-1]
		if _, isNum := numeric(inner); isNum {
			return inner
		}
	}
	switch d {
	case "true":
		return "1"
	case "false":
		return "0"
	case "null":
		return ""
	}
	return d
}

func numeric(s string) (string, bool) {
	if s == "" {
		return s, false
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || (i == 0 && r == '-')) {
			return s, false
		}
	}
	return s, true
}

func migrationFiles(t *testing.T, dialect string) []string {
	t.Helper()
	names, err := fs.Glob(os.DirFS("migrations/"+dialect), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func strings1(t *testing.T, ctx context.Context, db *store.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	rows(t, ctx, db, q, func(sc func(...any) error) {
		var s string
		must(t, sc(&s))
		out = append(out, s)
	}, args...)
	return out
}

func rows(t *testing.T, ctx context.Context, db *store.DB, q string, each func(scan func(...any) error), args ...any) {
	t.Helper()
	r, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer r.Close()
	for r.Next() {
		each(r.Scan)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
