package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Migrate brings the schema up to date with the embedded migrations of the
// DB's dialect. It is safe to run on every start.
func (db *DB) Migrate(ctx context.Context) error {
	dir := "migrations/" + db.dialect.String()
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	if db.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	// Migrations are numbered in ranges per line of work, so a release may
	// bring one numbered below what a database already has; apply it
	// rather than refuse to start.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	if db.dialect == SQLite {
		opts = append(opts, goose.WithGoMigrations(sqliteGoMigrations()...))
	}
	if db.dialect == Postgres {
		// Several app nodes may start at once on one PostgreSQL: an advisory
		// lock lets exactly one of them migrate.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.sql, sub, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		slog.Debug("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// LatestSchema is the highest migration version embedded for dialect d
// (SQL files, and SQLite's Go steps): the schema this binary writes. A
// backup of a newer schema is refused.
func LatestSchema(d Dialect) (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+d.String())
	if err != nil {
		return 0, err
	}
	var latest int64
	if d == SQLite {
		latest = latestGoMigration()
	}
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			continue
		}
		if v, err := strconv.ParseInt(num, 10, 64); err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}
