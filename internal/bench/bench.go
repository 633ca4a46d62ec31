package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Bench is one named measurement.
type Bench struct {
	Name    string
	Summary string
	// Run generates the data, measures, and reports. Progress is for
	// people watching (stderr); Run must not write to stdout.
	Run func(ctx context.Context, cfg Config, progress io.Writer) (Result, error)
}

// Config is what the command line tells a bench. Zero values mean the
// bench's defaults.
type Config struct {
	Seed     uint64        // same seed, same data
	DB       string        // PostgreSQL URL for civicgrid's own store; "" means SQLite
	DataDir  string        // SQLite data directory, must be fresh; "" means a temporary one
	PeerDB   string        // PostgreSQL URL for peers; "" means DB when set, else DefaultPeerDB
	N        int           // data size (grids, orders …)
	Duration time.Duration // time bound of each measured phase (ours, then the peer's)
	MaxOps   int64         // count bound of each measured phase
	Clients  int           // concurrent clients; 0 means the bench's default
	Rate     float64       // offered rate (ops/s) of a fixed-rate phase; 0 means the bench's default
	// Store, when set, is an open, migrated, empty store to use instead of
	// opening one from DB/DataDir (tests pass storetest's); the caller
	// closes it.
	Store *store.DB
	// Nodes is how many sweepers start together in the sweep bench's
	// --nodes phase (0 or 1: none); RaceStore, when set, is the empty
	// store that phase fills (tests), else it opens one like Store's.
	Nodes     int
	RaceStore *store.DB
	// Keep names a store kept between runs (stats): with DB a schema of
	// that name, else an SQLite data directory. It is made and filled on
	// the first run and reused, never dropped, after.
	Keep string
}

// DefaultPeerDB is the PostgreSQL a peer runs in when neither --peer-db nor
// --db names one: the one every developer machine here has.
const DefaultPeerDB = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// peerDB is the URL peers connect to.
func (c Config) peerDB() string {
	switch {
	case c.PeerDB != "":
		return c.PeerDB
	case c.DB != "":
		return c.DB
	}
	return DefaultPeerDB
}

func (c Config) durationOr(d time.Duration) time.Duration {
	if c.Duration > 0 {
		return c.Duration
	}
	return d
}

func (c Config) maxOpsOr(n int64) int64 {
	if c.MaxOps > 0 {
		return c.MaxOps
	}
	return n
}

func (c Config) nOr(n int) int {
	if c.N > 0 {
		return c.N
	}
	return n
}

var (
	// ErrUnknown is returned for a bench name nobody registered.
	ErrUnknown = errors.New("unknown bench")
	// ErrPeerUnavailable means ours was measured but the peer could not
	// run, so there is no ratio; the run must not count as a success.
	ErrPeerUnavailable = errors.New("peer unavailable")
)

var registry = map[string]Bench{}

// register adds a bench; each bench file calls it from init.
func register(b Bench) {
	if b.Name == "" || b.Run == nil || strings.ContainsAny(b.Name, " \t\n:;") {
		panic(fmt.Sprintf("bench: bad registration %q", b.Name))
	}
	if _, dup := registry[b.Name]; dup {
		panic("bench: registered twice: " + b.Name)
	}
	registry[b.Name] = b
}

// All returns every registered bench, by name.
func All() []Bench {
	out := make([]Bench, 0, len(registry))
	for _, b := range registry {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Bench) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Names returns the registered bench names, sorted.
func Names() []string {
	var out []string
	for _, b := range All() {
		out = append(out, b.Name)
	}
	return out
}

// Lookup finds a bench by name; the error wraps ErrUnknown and lists the
// names there are.
func Lookup(name string) (Bench, error) {
	b, ok := registry[name]
	if !ok {
		return Bench{}, fmt.Errorf("%w %q (have: %s)", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	return b, nil
}
