package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// storeFlags are the flags every subcommand that touches the store takes.
// Each has a CIVICGRID_* environment variable; a flag given on the command
// line wins over the environment.
type storeFlags struct {
	data string
	db   string
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.data, "data", envOr("CIVICGRID_DATA", "./civicgrid-data"),
		"data directory: SQLite file, uploads and keys (env CIVICGRID_DATA)")
	fs.StringVar(&s.db, "db", os.Getenv("CIVICGRID_DB"),
		"PostgreSQL URL postgres://…; empty means SQLite in the data directory (env CIVICGRID_DB)")
}

// open connects and migrates, so every command sees the current schema.
func (s *storeFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, s.db, s.data)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// piiKeys is CIVICGRID_PII_KEY, the keys that win over the data
// directory's key file (internal/pii reads no environment itself).
func piiKeys() string { return os.Getenv(pii.EnvKey) }

// keys is the keyring that seals personal data in this store.
func (s *storeFlags) keys() (*pii.Keyring, error) { return pii.Load(s.data, piiKeys()) }

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}

// newFlagSet makes a flag set that reports errors instead of exiting, so
// main decides the exit code, and prints usage to stderr.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: civicgrid %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// readSecret reads a password from r: the first line, trimmed of its line
// ending. Scripts pipe it in; nothing is echoed or logged.
func readSecret(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return line, nil
}
