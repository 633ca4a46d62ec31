// Package backup copies a civicgrid data directory into one archive while
// the service runs, and puts it back into an empty one.
//
// The archive is a gzip-compressed tar of: civicgrid.db, a consistent copy
// of the SQLite store made with VACUUM INTO (one read transaction, so
// writers go on and the copy holds exactly the transactions committed
// before it began); keys/pii.key, the key that opens the sealed personal
// data; the photos under uploads/; and last manifest.json with the format,
// the time, the schema version and each member's size and SHA-256. For
// PostgreSQL the database is dumped with pg_dump (PGDumpCommand) and the
// archive holds the key file and the photos.
//
// A backup holds the sealed personal data and the key that opens it: it
// must be kept as safe as the key itself (docs/security.md).
package backup

import (
	"net/url"
	"time"

	"civicgrid/internal/errs"
)

// Format is the version of the archive layout this package writes and reads.
const Format = 1

// Names inside the archive, as in the data directory.
const (
	manifestName = "manifest.json"
	dbName       = "civicgrid.db"
	keyName      = "keys/pii.key"
	uploadsDir   = "uploads"
)

// Manifest describes an archive; it is its last member.
type Manifest struct {
	Format    int       `json:"format"`
	App       string    `json:"app"`
	CreatedAt time.Time `json:"created_at"`
	Dialect   string    `json:"dialect"` // sqlite or postgres (database not included)
	Schema    int64     `json:"schema_version"`
	Orders    int64     `json:"orders"`   // orders in the copied database, for a glance
	KeyFile   bool      `json:"key_file"` // keys/pii.key is included
	Members   []Member  `json:"members"`
}

// Member is one file of the archive.
type Member struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Errors of Create and Restore.
var (
	ErrExists   = errs.New(errs.Conflict, "backup: the target file exists; a backup never overwrites one — give a new name")
	ErrNotEmpty = errs.New(errs.Conflict, "backup: the data directory is not empty; restore only into an empty one (or pass --force to overwrite)")
	ErrCorrupt  = errs.New(errs.Invalid, "backup: the archive is damaged or not a civicgrid backup")
	ErrNoStore  = errs.New(errs.NotFound, "backup: no store to back up")
	ErrNewer    = errs.New(errs.Invalid, "backup: the archive's schema is newer than this civicgrid; restore it with the version that made it")
)

// PGDumpCommand is the line that backs a PostgreSQL store up (custom
// format, restorable with pg_restore); dbURL is the database URL, shown
// with its password masked (give it through PGPASSWORD or ~/.pgpass).
func PGDumpCommand(dbURL, file string) string {
	return "pg_dump --format=custom --no-owner --file=" + shellQuote(file) + " " + shellQuote(redact(dbURL))
}

// redact masks a password in a database URL: the line is printed, and
// terminals and logs keep what they print.
func redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// PGRestoreCommand restores a dump made by PGDumpCommand into an empty
// database; run `civicgrid migrate` after it.
func PGRestoreCommand(url, file string) string {
	return "pg_restore --no-owner --exit-on-error --dbname=" + shellQuote(url) + " " + shellQuote(file)
}

func shellQuote(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}
