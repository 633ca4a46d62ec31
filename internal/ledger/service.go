package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// Service imports and exports ledgers through the domain services.
type Service struct {
	DB         *store.DB
	People     *people.Service
	Units      *orgunit.Service
	Facilities *facility.Service
	// Addresses, when set, is refreshed after an import so the search
	// finds the new addresses at once.
	Addresses *address.Service
	Locator   address.Locator
	Now       func() time.Time
	// Logger gets what fails after an import has committed (it is not the
	// import's failure); nil means slog.Default().
	Logger *slog.Logger
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Actor is the staff user importing or exporting.
type Actor struct {
	Role  string
	Scope auth.Scope
	// People is the same user as the people register sees them (with the
	// buildings of a 楼长).
	People people.Actor
	Audit  audit.Actor
}

// ActorFor is the Actor of a signed-in user.
func ActorFor(ctx context.Context, q store.Querier, u auth.User, scope auth.Scope, ip string) (Actor, error) {
	pa, err := people.ActorFor(ctx, q, u, scope, ip)
	if err != nil {
		return Actor{}, err
	}
	return Actor{Role: u.Role, Scope: scope, People: pa, Audit: pa.Audit}, nil
}

// CommandLine is the Actor of the civicgrid command over the province of
// code.
func CommandLine(code string) Actor {
	ed := grid.CommandLine(code)
	return Actor{Role: ed.Role, Scope: ed.Scope, People: people.CommandLine(code), Audit: audit.Actor{Name: "cli"}}
}

func (a Actor) editor() grid.Editor { return grid.Editor{Role: a.Role, Scope: a.Scope, Actor: a.Audit} }

// ErrForbidden: the role may not import or export this ledger.
var ErrForbidden = errs.New(errs.Forbidden, "ledger: your role may not do this")

// ErrUnknown names no ledger.
var ErrUnknown = errs.New(errs.NotFound, "ledger: no such ledger")

// MayImport reports whether the role may import the ledger; the rule is
// the domain's (people.MayImport, grid.MayEditRegister).
func MayImport(role, ledger string) bool {
	if ledger == People.Name {
		return people.MayImport(role)
	}
	return grid.MayEditRegister(role)
}

// Report says what an import did (or, in a dry run, would do).
type Report struct {
	Ledger    string
	Lines     int
	Added     int
	Unchanged int
	DryRun    bool
}

func (r Report) String() string {
	verb := "导入"
	if r.DryRun {
		verb = "试导入（未写入）"
	}
	return fmt.Sprintf("%s %s: %d行，新增%d，未变%d (%d lines, %d added, %d unchanged)", verb, r.Ledger, r.Lines, r.Added, r.Unchanged,
		r.Lines, r.Added, r.Unchanged)
}

// importer checks and writes one ledger's records in tx; problems are
// collected, not returned (the caller rolls back when any was found).
type importer func(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error

var importers = map[string]importer{}

// Find returns a ledger by name.
func Find(name string) (Ledger, error) {
	i := slices.IndexFunc(All, func(l Ledger) bool { return l.Name == name })
	if i < 0 {
		return Ledger{}, fmt.Errorf("%w: %q (want people, houses, addresses, units or facilities)", ErrUnknown, name)
	}
	return All[i], nil
}

// analyzeAfter people added make an import refresh the planner's
// statistics (people.AnalyzeAfterBulk).
const analyzeAfter = 1000

// errRollback ends a transaction that must not commit (a dry run, or
// problems found).
var errRollback = fmt.Errorf("ledger: rolled back")

// Import reads a ledger file and imports it: every line is checked (all
// problems reported as Problems, with row numbers), nothing is written on
// any problem or in a dry run, and rows already registered (by their
// natural key) are left as they are, so a rerun changes nothing.
func (s *Service) Import(ctx context.Context, a Actor, name string, r io.Reader, dryRun bool) (Report, error) {
	l, err := Find(name)
	if err != nil {
		return Report{}, err
	}
	if !MayImport(a.Role, l.Name) {
		return Report{}, fmt.Errorf("%w: a %q user may not import the %s", ErrForbidden, a.Role, l.Title)
	}
	t, err := Read(r)
	if err != nil {
		return Report{}, err
	}
	recs, err := l.bind(t)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Ledger: l.Name, Lines: len(recs), DryRun: dryRun}
	var probs Problems
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := importers[l.Name](ctx, s, tx, a, recs, &probs, &rep); err != nil {
			return err
		}
		if len(probs) > 0 {
			return probs
		}
		if rep.Added > 0 {
			if err := a.Audit.Record(ctx, tx, s.now(), "ledger.import", "ledger:"+l.Name,
				fmt.Sprintf("%d lines, %d added, %d unchanged", rep.Lines, rep.Added, rep.Unchanged)); err != nil {
				return err
			}
		}
		if dryRun {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	if err != nil {
		return Report{}, err
	}
	// The import is committed: what follows only speeds later reads up,
	// and its failure is logged, not reported as the import's.
	if !dryRun && l.Name == People.Name && rep.Added >= analyzeAfter {
		if err := s.People.AnalyzeAfterBulk(ctx); err != nil {
			s.log().Warn("ledger: refresh statistics", "err", err)
		}
	}
	if !dryRun && s.Addresses != nil && (l.Name == Addresses.Name || l.Name == Houses.Name) {
		if err := s.Addresses.Refresh(ctx); err != nil {
			s.log().Warn("ledger: refresh the address index", "err", err)
		}
	}
	return rep, nil
}

// MayUse reports whether the role may import some ledger (the ledgers page
// is theirs); every role with a scope may export what it reads.
func MayUse(role string) bool {
	for _, l := range All {
		if MayImport(role, l.Name) {
			return true
		}
	}
	return false
}

// MayExport reports whether the role may export the ledger at all (people
// by name are not for every role; the register decides).
func MayExport(role, ledger string) bool {
	if ledger == People.Name {
		return people.MaySeeNames(role)
	}
	return true
}

// MayExportUnmasked reports whether the role may export people unmasked
// (with a purpose, audited).
func MayExportUnmasked(role string) bool { return people.MayReveal(role) }
