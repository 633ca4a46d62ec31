package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// DefaultToleranceM2 is how much two grids may share before an import calls
// it an overlap: slivers from digitising, not a real double claim.
const DefaultToleranceM2 = 100

// ImportOptions tune Import. ToleranceM2 <= 0 means DefaultToleranceM2.
// DryRun runs every check and reports what would change, writing nothing.
type ImportOptions struct {
	ToleranceM2 float64
	DryRun      bool
	Now         func() time.Time // stamps the grids; nil: the wall clock
}

// ImportReport lists the grid codes an import added, updated (new name or
// geometry, version+1) and found already identical, each sorted.
type ImportReport struct {
	Added     []string `json:"added"`
	Updated   []string `json:"updated"`
	Unchanged []string `json:"unchanged"`
}

var errDryRun = errors.New("dry run")

// Import stores grid features in one transaction: all of them, or, when
// anything is wrong, none and a *geo.ValidationError listing every problem.
//
//   - Each community_code must be a region of level community or village.
//   - A feature with seq updates grid (community, seq) if it exists and
//     otherwise adds it; seq may appear once per community in a file.
//   - A feature without seq takes the seq of the community's stored grid of
//     the same name, so re-importing a file without seqs updates rather
//     than duplicates; names must then be unique within the community.
//     Others get new seqs after the highest already used, in reading order
//     (rows north to south, west to east: see readingOrder).
//   - No two grids in the file, and no grid in the file and a stored grid
//     it does not replace, may share more than the tolerance.
//
// Problems name features by GridFeature.Index. Re-importing the same file
// changes nothing (all Unchanged). Import does
// not touch any Locator: callers call (*Locator).Rebuild after it.
func Import(ctx context.Context, db *store.DB, features []geo.GridFeature, opts ImportOptions) (ImportReport, error) {
	return importWith(ctx, db, features, opts, nil)
}

// afterImport runs in the import's transaction once the grids are written.
type afterImport func(ctx context.Context, tx *store.Tx, now time.Time, rep ImportReport) error

func importWith(ctx context.Context, db *store.DB, features []geo.GridFeature, opts ImportOptions, after afterImport) (ImportReport, error) {
	tol := opts.ToleranceM2
	if !(tol > 0) { // also NaN, which would let every overlap through
		tol = DefaultToleranceM2
	}
	var rep ImportReport
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if tx.Dialect() == store.Postgres {
			// One import at a time: numbering and overlap checks read what
			// a concurrent import would write. Readers are not blocked.
			if _, err := tx.ExecContext(ctx, `LOCK TABLE grids IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		now := unstamped()
		if opts.Now != nil {
			now = opts.Now()
		}
		var err error
		if rep, err = importTx(ctx, tx, features, tol, now); err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		if after != nil {
			return after(ctx, tx, now, rep)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return ImportReport{}, err
	}
	return rep, nil
}

// planned is one feature on its way in.
type planned struct {
	f        geo.GridFeature // geometry in canonical form
	seq      int             // 0 until known
	existing *Grid           // the stored grid it replaces, if any
}

func (p *planned) code() string { return GridCode(p.f.CommunityCode, p.seq) }

// stored is what a community already has.
type stored struct {
	bySeq  map[int]*Grid
	byName map[string][]*Grid
	maxSeq int
}

func importTx(ctx context.Context, tx *store.Tx, features []geo.GridFeature, tol float64, now time.Time) (ImportReport, error) {
	verr := &geo.ValidationError{}
	if len(features) == 0 {
		verr.Addf(-1, "", "no grids to import")
		return ImportReport{}, verr
	}
	plan := make([]planned, len(features))
	for i, f := range features {
		plan[i] = planned{f: f}
		checkFields(&plan[i], verr)
	}
	if verr.Len() > 0 {
		return ImportReport{}, verr // later checks need sound fields
	}
	byCommunity := map[string][]int{}
	var communities []string
	for i := range plan {
		c := plan[i].f.CommunityCode
		if _, seen := byCommunity[c]; !seen {
			communities = append(communities, c)
		}
		byCommunity[c] = append(byCommunity[c], i)
	}
	for _, c := range communities {
		idxs := byCommunity[c]
		if err := checkCommunity(ctx, tx, c, plan, idxs, verr); err != nil {
			if errors.Is(err, errProblem) {
				continue
			}
			return ImportReport{}, err
		}
		have, err := loadCommunity(ctx, tx, c)
		if err != nil {
			return ImportReport{}, err
		}
		assignSeqs(plan, idxs, have, verr)
	}
	checkOverlapsInFile(plan, tol, verr)
	if err := checkOverlapsStored(ctx, tx, plan, tol, verr); err != nil {
		return ImportReport{}, err
	}
	if verr.Len() > 0 {
		return ImportReport{}, verr
	}
	return write(ctx, tx, plan, now)
}

var errProblem = errors.New("problem recorded")

func checkFields(p *planned, verr *geo.ValidationError) {
	f := &p.f
	i := f.Index
	f.Name = strings.TrimSpace(f.Name)
	if len(f.CommunityCode) != 12 || !allDigits(f.CommunityCode) {
		verr.Addf(i, f.Name, "community_code %q must be 12 digits", f.CommunityCode)
	}
	if f.Name == "" {
		verr.Addf(i, "", "name is required")
	} else if len([]rune(f.Name)) > geo.MaxNameLen {
		verr.Addf(i, f.Name, "name is longer than %d characters", geo.MaxNameLen)
	}
	if f.Seq < 0 || f.Seq > 999 {
		verr.Addf(i, f.Name, "seq %d outside 1..999", f.Seq)
	}
	g, err := geo.NormalizeGeometry(f.Geometry)
	if err != nil {
		verr.Addf(i, f.Name, "%s", strings.TrimPrefix(err.Error(), geo.ErrInvalidGeometry.Error()+": "))
		return
	}
	f.Geometry = g
}

// checkCommunity records a problem (and returns errProblem) unless code is a
// community or village.
func checkCommunity(ctx context.Context, tx *store.Tx, code string, plan []planned, idxs []int, verr *geo.ValidationError) error {
	var level, name string
	err := tx.QueryRowContext(ctx, `SELECT level, name FROM regions WHERE code = ?`, code).Scan(&level, &name)
	first := plan[idxs[0]].f
	switch {
	case errors.Is(err, sql.ErrNoRows):
		verr.Addf(first.Index, first.Name, "community_code %s is not a known region (%s)", code, countFeatures(len(idxs)))
		return errProblem
	case err != nil:
		return err
	case level != "community" && level != "village":
		verr.Addf(first.Index, first.Name, "community_code %s is %s, a %s, not a community or village (%s)", code, name, level, countFeatures(len(idxs)))
		return errProblem
	}
	return nil
}

func countFeatures(n int) string {
	if n == 1 {
		return "1 feature"
	}
	return fmt.Sprintf("%d features", n)
}

func loadCommunity(ctx context.Context, tx *store.Tx, community string) (*stored, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+gridColumns+` FROM grids WHERE community_code = ?`, community)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := &stored{bySeq: map[int]*Grid{}, byName: map[string][]*Grid{}}
	for rows.Next() {
		g, err := scanGrid(rows)
		if err != nil {
			return nil, err
		}
		s.bySeq[g.Seq] = &g
		s.byName[g.Name] = append(s.byName[g.Name], &g)
		s.maxSeq = max(s.maxSeq, g.Seq)
	}
	return s, rows.Err()
}

func write(ctx context.Context, tx *store.Tx, plan []planned, now time.Time) (ImportReport, error) {
	var rep ImportReport
	ms := store.Millis(now)
	for i := range plan {
		p := &plan[i]
		code := p.code()
		g := p.f.Geometry
		if p.existing != nil && p.existing.Name == p.f.Name && orb.Equal(p.existing.Geometry, g) {
			rep.Unchanged = append(rep.Unchanged, code)
			continue
		}
		text, err := encodeGeometry(g)
		if err != nil {
			return ImportReport{}, err
		}
		b := g.Bound()
		if p.existing == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO grids (code, community_code, seq, name, geometry,
				min_lng, min_lat, max_lng, max_lat, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
				code, p.f.CommunityCode, p.seq, p.f.Name, text, b.Min[0], b.Min[1], b.Max[0], b.Max[1], ms, ms)
			rep.Added = append(rep.Added, code)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE grids SET name = ?, geometry = ?,
				min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?, updated_at = ?, version = version + 1
				WHERE code = ?`,
				p.f.Name, text, b.Min[0], b.Min[1], b.Max[0], b.Max[1], ms, code)
			rep.Updated = append(rep.Updated, code)
		}
		if err != nil {
			return ImportReport{}, fmt.Errorf("grid %s: %w", code, err)
		}
	}
	slices.Sort(rep.Added)
	slices.Sort(rep.Updated)
	slices.Sort(rep.Unchanged)
	return rep, nil
}
