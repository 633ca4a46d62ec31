package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"civicgrid/internal/backup"
	"civicgrid/internal/pii"
)

// runBackup is `civicgrid backup --to FILE`: flags only; internal/backup
// does the work.
func runBackup(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("backup", "backup --to FILE [--data DIR] [--db URL]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	to := fs.String("to", "", "the backup file to write (must not exist); keep it as safe as the PII key, which it holds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: backup needs --to FILE", ErrUsage)
	}
	if sf.db == "" {
		// Opening would create an empty store: a typo in --data must not
		// yield a backup of nothing.
		if err := backup.HasSQLiteStore(sf.data); err != nil {
			return err
		}
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := backup.Create(ctx, db, sf.data, *to, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s: %s schema %d, %d orders, %d files\n", *to, m.Dialect, m.Schema, m.Orders, len(m.Members))
	if m.Dialect != "sqlite" {
		fmt.Fprintf(env.Stdout, "the PostgreSQL database is not in it; dump it with:\n  %s\n", backup.PGDumpCommand(sf.db, strings.TrimSuffix(*to, ".tar.gz")+".pgdump"))
	}
	switch {
	case m.KeyFile:
	case strings.TrimSpace(os.Getenv(pii.EnvKey)) != "":
		fmt.Fprintf(env.Stderr, "warning: the PII key comes from %s, not a file, so it is not in the backup — keep that secret with it, or the sealed personal data cannot be read\n", pii.EnvKey)
	default:
		fmt.Fprintf(env.Stderr, "note: no key file in %s/keys yet (the service creates it on first start), so nothing is sealed yet\n", sf.data)
	}
	return nil
}

// runRestore is `civicgrid restore --from FILE` into an empty data directory.
func runRestore(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("restore", "restore --from FILE [--data DIR] [--force]", env.Stderr)
	data := fs.String("data", envOr("CIVICGRID_DATA", "./civicgrid-data"), "data directory to restore into: empty or absent (env CIVICGRID_DATA)")
	from := fs.String("from", "", "the backup file written by civicgrid backup")
	force := fs.Bool("force", false, "restore into a non-empty data directory, replacing its database, key and photos (stop the service first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: restore needs --from FILE", ErrUsage)
	}
	m, err := backup.Restore(ctx, *from, *data, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s backup of %s (schema %d, %d orders, %d files, checksums verified) into %s\n",
		m.Dialect, m.CreatedAt.Format(time.RFC3339), m.Schema, m.Orders, len(m.Members), *data)
	if m.Dialect != "sqlite" {
		fmt.Fprintf(env.Stdout, "restore the PostgreSQL dump into an empty database, then run civicgrid migrate:\n  %s\n",
			backup.PGRestoreCommand("postgres://…", "FILE.pgdump"))
	}
	if !m.KeyFile {
		fmt.Fprintf(env.Stderr, "warning: the backup holds no key file: set %s to the key in use when it was made\n", pii.EnvKey)
	}
	return nil
}
